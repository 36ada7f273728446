// The file lock alone: processes that only wait for another's refresh never compile the SDK chunk.

export { withSessionLock } from '../token/sessionLock.ts';
