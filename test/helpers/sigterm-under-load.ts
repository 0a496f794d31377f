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

/**
 * With `accepted` (whether the service's log shows it took in a request id), one slow check (a function
 * never seen, answered with nothing a mistake explains: a few hundred ms on a thread) is sent once the
 * 200 are, and SIGTERM comes only when the service has taken it in: so a request is surely in flight
 * when the signal comes, however the fast checks happen to be timed (they are answered in the
 * service's thread, between whose turns the signal may find nothing in flight).
 */
export const SLOW_REQUEST_ID = 'slow-in-flight';

export async function sigtermUnderLoad(
  url: string,
  child: ChildProcess,
  exited: Promise<number | null>,
  accepted?: (id: string) => boolean,
): Promise<StoppedUnderLoad> {
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
  let slow: Promise<void> | undefined;
  if (accepted) {
    slow = fetch(`${url}/v1/check`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-request-id': SLOW_REQUEST_ID },
      body: JSON.stringify({ function: 'x^3 sin(2x) e^(3x) ln(x^2+1)', answer: '0' }),
    }).then(
      async (response) => {
        await response.text();
        outcomes.set(SLOW_REQUEST_ID, response.status);
      },
      (error: unknown) => {
        outcomes.set(SLOW_REQUEST_ID, String((error as { cause?: { code?: string } }).cause?.code ?? error));
      },
    );
    const until = Date.now() + 20_000;
    while (!accepted(SLOW_REQUEST_ID) && Date.now() < until) await new Promise((resolve) => setTimeout(resolve, 2));
  }
  child.kill('SIGTERM');
  const code = await exited;
  stopped = true;
  await Promise.all([...clients, slow]);
  return { code, outcomes };
}
