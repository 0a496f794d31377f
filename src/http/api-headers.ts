// The security headers of every API answer, in a module of their own: the protection plugin sets them
// on every request, and the answers Node's server writes itself, before any hook runs (a request it
// cannot read, an Expect it does not take), carry them too.

/**
 * What every response carries, after OWASP's REST Security Cheat Sheet ("Security headers"): a JSON,
 * YAML or metrics answer is never a document that runs anything, so the policy allows nothing at all
 * (the sheet's policy for answers that may be shown as a page); nothing may frame it (the same rule in
 * the older header too); its type is never sniffed; HSTS applies to the host whatever the response. The
 * sheet also asks for `Cache-Control: no-store` on answers with sensitive data: a check is a POST, whose
 * answer no cache keeps, and the GET answers are the public catalogue. Reads from other origins stay
 * open: LMS front ends read the JSON through CORS, and `cross-origin` lets a page that requires a
 * resource policy (COEP) load the assets too.
 *
 * The documents (/docs here, the page at / in routes/page.ts) add helmet's full set on top. The
 * headers helmet adds for documents (opener and agent-cluster isolation, referrer, DNS prefetch, the
 * legacy IE and Flash ones) say nothing of a JSON answer, and each costs on every request: at 22
 * headers, Fastify's header object passes the number of keys at which V8 turns it into a dictionary
 * (a bare route answering with them measured 20–27 % fewer requests a second than without; in the
 * service, whose requests cost more, the difference was within what moves from run to run).
 */
export const API_SECURITY_HEADERS: Readonly<Record<string, string>> = Object.freeze({
  'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
  'strict-transport-security': 'max-age=31536000; includeSubDomains',
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'cross-origin-resource-policy': 'cross-origin',
});
