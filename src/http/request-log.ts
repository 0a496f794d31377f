/**
 * What the service logs per request: one info line when it is answered — method, url, status,
 * response time, and the request id every line of the request carries — and never the body, since
 * expressions are what students wrote (the routes log those at debug only). This replaces Fastify's two
 * lines (received, completed), whose first carries no status and doubles the log volume.
 */
import { LogController, type FastifyReply, type FastifyRequest } from 'fastify';

export class RequestLog extends LogController {
  constructor() {
    super({ requestIdLogLabel: 'requestId' });
  }

  override incomingRequest(): void {}

  override requestCompleted(error: Error | null | undefined, request: FastifyRequest, reply: FastifyReply): void {
    const line = {
      method: request.method,
      url: request.url,
      statusCode: reply.statusCode,
      responseTime: Math.round(reply.elapsedTime * 100) / 100,
    };
    // An error here is one after the answer was on its way (a client gone mid-response): worth a warning.
    if (error) request.log.warn({ ...line, err: error }, 'request completed with an error');
    else request.log.info(line, 'request completed');
  }
}
