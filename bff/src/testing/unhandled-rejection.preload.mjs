// Loaded with --import by index.test.ts: on SIGUSR2 the process gets a promise rejection nobody handles, as a
// forgotten await somewhere in a request would cause.
process.on('SIGUSR2', () => {
  void Promise.reject(new Error('a rejection nobody awaited'))
})
