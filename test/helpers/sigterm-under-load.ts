/**
 * A service stopped under load, for the graceful-shutdown tests: 16 clients on kept-alive connections
 * send checks one after another (new answers, so the service works) until it stops taking them;
 * SIGTERM comes once 200 are sent. Each request carries its id (`lane<k>-req<i>`), so the service's
 * log says which it accepted; the outcome of each is its status, or the error that ended it.
 */
import type { ChildProcess } from 'node:child_process';

export interface StoppedUnderLoad {
  /** The service's exit code. */
  code: number | null;
  /** By request id: the HTTP status, or the connection error's code. */
  outcomes: Map<string, number | string>;
}

export async function sigtermUnderLoad(url: string, child: ChildProcess, exited: Promise<number | null>): Promise<StoppedUnderLoad> {
  const outcomes = new Map<string, number | string>();
  let sent = 0;
  let stopped = false;
  const client = async (lane: number) => {
    for (let i = 0; !stopped; i++) {
      const id = `lane${lane}-req${i}`;
      sent++;
      try {
        const response = await fetch(`${url}/v1/check`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-request-id': id },
          body: JSON.stringify({ function: `sin(${lane + 2}x^2)`, answer: `${i + 1}x cos(${lane + 2}x^2)` }),
        });
        await response.text();
        outcomes.set(id, response.status);
      } catch (error) {
        outcomes.set(id, String((error as { cause?: { code?: string } }).cause?.code ?? error));
        if (child.exitCode !== null) stopped = true;
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
    }
  };
  const clients = Array.from({ length: 16 }, (_, lane) => client(lane));
  while (sent < 200) await new Promise((resolve) => setTimeout(resolve, 5));
  child.kill('SIGTERM');
  const code = await exited;
  stopped = true;
  await Promise.all(clients);
  return { code, outcomes };
}
