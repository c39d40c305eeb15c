/**
 * The layering docs/ARCHITECTURE.md describes, checked on production code (`npm run lint`).
 * Tests and testing helpers may reach across layers to build their fixtures, so they are left out.
 */

const PACKAGES = '^(lab|router-sim|node-agent)/';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-cycle',
      comment: 'A cycle leaves no order in which its modules can be read, tested or replaced.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'no-lab-folder-cycle',
      comment: "lab's folders depend on each other one way (yaml → topology → docker → … → api, cli).",
      severity: 'error',
      scope: 'folder',
      from: { path: '^lab/[^/]+$' },
      to: { path: '^lab/[^/]+$', circular: true },
    },
    {
      name: 'pim-modes-apart',
      comment: 'Dense and sparse mode share only pim/common/.',
      severity: 'error',
      from: { path: '^router-sim/pim/(dense|sparse)/' },
      to: { path: '^router-sim/pim/(dense|sparse)/', pathNot: '^router-sim/pim/$1/' },
    },
    {
      name: 'node-agent-group-on-top',
      comment:
        "group/ composes the lower layers into a member: only group/ itself and the daemon's composition " +
        'root, group-handles.ts, import it.',
      severity: 'error',
      from: { pathNot: '^node-agent/(group/|group-handles\\.ts$)' },
      to: { path: '^node-agent/group/' },
    },
    {
      name: 'common-is-the-base',
      comment: 'common/ is what the packages share: it imports none of them.',
      severity: 'error',
      from: { path: '^common/' },
      to: { path: PACKAGES },
    },
    {
      name: 'daemons-import-only-common',
      comment: 'router-sim and node-agent run in different containers and share only common/.',
      severity: 'error',
      from: { path: '^(router-sim|node-agent)/' },
      to: { path: PACKAGES, pathNot: '^$1/' },
    },
    {
      name: 'lab-reaches-daemons-where-documented',
      comment:
        'lab reaches into the daemons only where it reads what they speak or runs what they run: ' +
        "measure/ decodes captures with router-sim's codecs, api/ types the daemons' answers and judges " +
        "delivery logs with node-agent's checker, simulate/ runs router-sim's protocol machines.",
      severity: 'error',
      from: { path: '^lab/', pathNot: '^lab/(measure|api|simulate)/' },
      to: { path: '^(router-sim|node-agent)/' },
    },
    {
      name: 'lab-measure-reads-router-codecs',
      severity: 'error',
      from: { path: '^lab/measure/' },
      to: { path: '^(router-sim|node-agent)/', pathNot: '^router-sim/wire/' },
    },
    {
      name: 'lab-api-reads-daemon-answers',
      comment: "The daemons' answers and logs, not their edges (sockets, the control server, main).",
      severity: 'error',
      from: { path: '^lab/api/' },
      to: {
        path: '^(router-sim|node-agent)/',
        pathNot: '^(router-sim/wire/|node-agent/(?!main\\.ts$|edge/))',
      },
    },
    {
      name: 'lab-simulate-runs-router-machines',
      comment:
        "The protocol machines on virtual time, not the daemon's edges (raw sockets, kernel planes, main).",
      severity: 'error',
      from: { path: '^lab/simulate/' },
      to: {
        path: '^(router-sim|node-agent)/',
        pathNot: '^router-sim/(?!main\\.ts$|io/|multicast-router\\.ts$)',
      },
    },
  ],
  options: {
    exclude: { path: '(\\.test\\.ts$|/test/|/testing/|test-fixture\\.ts$|test-inputs\\.ts$)' },
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.js'] },
  },
};
