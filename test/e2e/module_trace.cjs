// Preloaded with --require: at exit, writes the Node built-ins this process loaded to $KEYRACK_TRACE_FILE.
process.on('exit', () => {
  require('fs').writeFileSync(process.env.KEYRACK_TRACE_FILE, JSON.stringify(process.moduleLoadList));
});
