/**
 * A one-line progress report on stderr, redrawn at most every 100 ms, only when stderr is a terminal
 * (a log file or a pipe gets just the final summary).
 */
import type { WriteStream } from 'node:tty';

export class Progress {
  private done = 0;
  private lastDraw = 0;
  private readonly started = Date.now();

  constructor(private readonly stream: NodeJS.WriteStream | WriteStream) {}

  private get active(): boolean {
    return Boolean(this.stream.isTTY);
  }

  tick(errors: number): void {
    this.done++;
    if (!this.active) return;
    const now = Date.now();
    if (now - this.lastDraw < 100) return;
    this.lastDraw = now;
    const rate = this.done / Math.max((now - this.started) / 1000, 0.001);
    this.stream.write(`\r\x1b[2Kgrading… ${this.done} done (${rate.toFixed(0)}/s)${errors > 0 ? `, ${errors} unreadable` : ''}`);
  }

  clear(): void {
    if (this.active) this.stream.write('\r\x1b[2K');
  }
}
