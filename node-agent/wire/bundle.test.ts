import { describe, expect, it } from 'vitest';
import { bundleFrames, bundleOverhead, encodeBundle, isBundle } from './bundle.js';
import { encodeMessage } from './codec.js';
import { groupOf } from './frame.js';

describe('bundles', () => {
  const frames = ['a', 'bb', ''].map((s) => Buffer.from(s));

  it('carry frames in order and give them back as they were', () => {
    const bundle = encodeBundle(frames);
    expect(bundle.length).toBe(bundleOverhead(3) + 3);
    expect(isBundle(bundle)).toBe(true);
    expect(bundleFrames(bundle).map(String)).toEqual(['a', 'bb', '']);
  });

  it('are told apart from the group protocols’ datagrams', () => {
    const heartbeat = encodeMessage({
      type: 'heartbeat',
      group: '239.1.2.3',
      origin: 'h1',
      view: 0,
      relay: false,
      inc: 7,
      member: true,
      digest: [],
    });
    expect(isBundle(heartbeat)).toBe(false);
    expect(groupOf(heartbeat)).toBe('239.1.2.3');
    expect(bundleFrames(encodeBundle([heartbeat])).map(groupOf)).toEqual(['239.1.2.3']);
  });

  it('drop a truncated last frame rather than read past the end', () => {
    const bundle = encodeBundle(frames);
    expect(bundleFrames(bundle.subarray(0, bundle.length - 3)).map(String)).toEqual(['a']);
    expect(groupOf(Buffer.from([0x47, 0x4d, 1, 0, 0, 9, 0x32]))).toBeUndefined();
  });
});
