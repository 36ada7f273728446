// The live line shown on a terminal while a sign-in waits for the user. Pure.

const SPINNER = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];
/** How often the line is redrawn: smooth enough for the spinner, cheap enough to go unnoticed. */
export const COUNTDOWN_FRAME_MS = 125;

/** "9:05" for 545 s; never negative. */
export function formatMinutesSeconds(ms: number): string {
  const total = Math.max(0, Math.ceil(ms / 1000));
  return `${Math.floor(total / 60)}:${String(total % 60).padStart(2, '0')}`;
}

/** `⠙ Waiting for approval in the browser… 9:05 left`, redrawn in place (carriage return, erase line). */
export function countdownLine(label: string, msLeft: number, frame: number): string {
  return `\r\x1b[2K${SPINNER[frame % SPINNER.length]} ${label}… ${formatMinutesSeconds(msLeft)} left`;
}

/** Erases the live line, so what follows starts on a clean one. */
export const CLEAR_LINE = '\r\x1b[2K';

/** Without a terminal: one plain line, said once. */
export function waitingLine(label: string, msLeft: number): string {
  return `${label} (up to ${formatMinutesSeconds(msLeft)})…\n`;
}
