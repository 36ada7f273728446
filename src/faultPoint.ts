// Named points where the fault suite stops a process to SIGKILL it at exactly that stage of a refresh.
//
// KEYRACK_CP_FAULT_POINT=<name> makes the process stop itself (SIGSTOP) on reaching <name>; the test then kills
// it. Unset, this is one environment lookup. Like etcd's gofail: the failure being tested is the real one (a
// process gone mid-refresh), only its timing is chosen.

export type FaultPoint = 'refresh-lock-held' | 'atomic-write-before-rename';

export function faultPoint(name: FaultPoint): void {
  if (process.env.KEYRACK_CP_FAULT_POINT === name) process.kill(process.pid, 'SIGSTOP');
}
