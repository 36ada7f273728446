// Preloaded with --require into `node dist/keyrack-cp.cjs`: at exit, writes to $KEYRACK_TRACE_FILE the Node built-ins
// the process loaded (Node's own record) and the lazy chunks of the .cjs it compiled (scripts/lib/linkCjs.mjs
// compiles each with vm.compileFunction, under the file name keyrack-cp:<chunk>). The twin of bun_trace.cjs.
const vm = require('vm');
const compileFunction = vm.compileFunction;
const chunks = [];
vm.compileFunction = function (code, params, options) {
  if (options && typeof options.filename === 'string' && options.filename.startsWith('keyrack-cp:')) chunks.push(options.filename.slice('keyrack-cp:'.length));
  return compileFunction.apply(this, arguments);
};
process.on('exit', () => {
  require('fs').writeFileSync(process.env.KEYRACK_TRACE_FILE, JSON.stringify({ modules: process.moduleLoadList, chunks }));
});
