/**
 * Each request's logger, made only when the request logs something. Fastify gives every request a
 * child of the service's logger carrying its id; pino builds a child by serialising its bindings, which
 * under load cost about 2% of a request's time in the HTTP layer, for a logger most requests never
 * write with (at LOG_LEVEL=warn an ordinary request logs nothing). This one stands in for that child
 * and makes it, with the same bindings and options, the first time a line at an enabled level is
 * written, so every line is the one the child would have written.
 */
import type { FastifyBaseLogger } from 'fastify';
import type { Bindings, ChildLoggerOptions, Level } from 'pino';

/** A logger that says which levels it writes, as pino's do (Fastify's logger type names only the level methods). */
type LevelAware = FastifyBaseLogger & { isLevelEnabled(level: string): boolean };

class RequestLogger implements FastifyBaseLogger {
  #child: FastifyBaseLogger | undefined;

  constructor(
    private readonly parent: LevelAware,
    private readonly bindings: Bindings,
    private readonly options: ChildLoggerOptions,
  ) {}

  /** The child the request would have had from the start. */
  private real(): FastifyBaseLogger {
    return (this.#child ??= this.parent.child(this.bindings, this.options));
  }

  /** A level method: nothing is made for a line that would not be written. */
  private write(level: Level, args: unknown[]): void {
    if (this.#child === undefined && !this.parent.isLevelEnabled(level)) return;
    const child = this.real() as unknown as Record<Level, (...line: unknown[]) => void>;
    child[level](...args);
  }

  get level(): string {
    // A child without a level of its own has its parent's.
    return this.#child?.level ?? this.parent.level;
  }

  set level(level: string) {
    this.real().level = level;
  }

  isLevelEnabled(level: string): boolean {
    return this.#child === undefined ? this.parent.isLevelEnabled(level) : (this.#child as LevelAware).isLevelEnabled(level);
  }

  // Methods, not arrow-function fields: one logger is made per request, and fields would make seven closures with it.
  fatal(...args: unknown[]): void {
    this.write('fatal', args);
  }
  error(...args: unknown[]): void {
    this.write('error', args);
  }
  warn(...args: unknown[]): void {
    this.write('warn', args);
  }
  info(...args: unknown[]): void {
    this.write('info', args);
  }
  debug(...args: unknown[]): void {
    this.write('debug', args);
  }
  trace(...args: unknown[]): void {
    this.write('trace', args);
  }
  silent(): void {}

  child(bindings: Bindings, options?: ChildLoggerOptions): FastifyBaseLogger {
    return this.real().child(bindings, options);
  }
}

/**
 * Fastify's `childLoggerFactory`: the deferred child, except where it could differ from the real one
 * at once — a route's own level or serializers, or a parent that cannot say which levels it writes.
 */
export function requestLoggerFactory(logger: FastifyBaseLogger, bindings: Bindings, options: ChildLoggerOptions): FastifyBaseLogger {
  const levelAware = typeof (logger as Partial<LevelAware>).isLevelEnabled === 'function';
  if (!levelAware || options.level !== undefined || options.serializers !== undefined) return logger.child(bindings, options);
  return new RequestLogger(logger as LevelAware, bindings, options);
}
