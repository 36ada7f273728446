// Preloaded with --require into `node dist/keyrack-cp.cjs`: at exit, writes to $KEYRACK_TRACE_FILE the Node built-ins
// the process loaded (Node's own record) and the lazy chunks of the .cjs it compiled (src/cjs/chunkRegistry.ts
// compiles each as a vm.Script named keyrack-cp:<chunk>), each with whether V8 was given a code cache for it and
// refused it. The twin of bun_trace.cjs.
const vm = require('vm');
const chunks = [];
const compiled = [];
vm.Script = class extends vm.Script {
  constructor(code, options) {
    super(code, options);
    const name = options && typeof options.filename === 'string' && options.filename.startsWith('keyrack-cp:') ? options.filename.slice('keyrack-cp:'.length) : undefined;
    if (name === undefined) return;
    chunks.push(name);
    compiled.push({ chunk: name, cachedData: options.cachedData !== undefined, rejected: this.cachedDataRejected === true });
  }
};
process.on('exit', () => {
  require('fs').writeFileSync(process.env.KEYRACK_TRACE_FILE, JSON.stringify({ modules: process.moduleLoadList, chunks, compiled }));
});
