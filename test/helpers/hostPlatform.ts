// The platform the tests run on, for code that does real I/O here (the tests are an entry point, like keyrack-cp.ts).
// Tests of another platform's rules pass 'win32' or 'darwin' by name instead.

export const HOST_PLATFORM = process.platform;
