// Preloaded into the Bun executable with BUN_OPTIONS=--preload: at exit, writes to $KEYRACK_TRACE_FILE the chunks of
// the executable that the run loaded with import() (Bun's runtime plugins see every module it resolves at run time;
// what each chunk imports statically is in dist/keyrack-cp.meta.json). The twin of module_trace.cjs for Node.
const chunks = [];
Bun.plugin({
  name: 'keyrack-trace',
  setup(build) {
    build.onResolve({ filter: /.*/ }, (args) => {
      chunks.push(args.path);
      return undefined;
    });
  },
});
process.on('exit', () => {
  require('fs').writeFileSync(process.env.KEYRACK_TRACE_FILE, JSON.stringify(chunks));
});
