import { describeMatrix } from './describe-matrix.js';

describeMatrix('ip-multicast');
