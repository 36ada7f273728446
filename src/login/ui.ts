// Where a sign-in talks to the user: a terminal gets a live countdown, anything else plain lines.

import { CLEAR_LINE, COUNTDOWN_FRAME_MS, countdownLine, waitingLine } from './countdown.ts';

export interface LoginUi {
  /** Text the user must read (the URL, the code, the outcome). Ends with a newline. */
  say(text: string): void;
  /** A wait with a deadline; stop() ends its display. */
  wait(label: string, deadline: Date): { stop(): void };
}

export interface UiOutput {
  readonly write: (text: string) => void;
  /** A terminal: the live line is redrawn in place. Otherwise every line stays. */
  readonly isTerminal: boolean;
}

export function createLoginUi(out: UiOutput, now: () => Date): LoginUi {
  let live: (() => void) | null = null;
  const stopLive = () => {
    live?.();
    live = null;
  };
  return {
    say(text) {
      stopLive();
      out.write(text);
    },
    wait(label, deadline) {
      stopLive();
      const left = () => deadline.getTime() - now().getTime();
      if (!out.isTerminal) {
        out.write(waitingLine(label, left()));
        return { stop: () => undefined };
      }
      let frame = 0;
      const draw = () => out.write(countdownLine(label, left(), frame++));
      draw();
      const timer = setInterval(draw, COUNTDOWN_FRAME_MS);
      // The countdown must never be what keeps the process alive.
      timer.unref();
      const stop = () => {
        clearInterval(timer);
        out.write(CLEAR_LINE);
      };
      live = stop;
      return {
        stop: () => {
          if (live === stop) stopLive();
        },
      };
    },
  };
}
