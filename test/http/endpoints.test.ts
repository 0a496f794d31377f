/**
 * Every endpoint answering what it should, over real HTTP (supertest against the app's server).
 */
import type { FastifyInstance } from 'fastify';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { check } from '../../src/check.js';
import { deriveFunction } from '../../src/derive.js';
import { CATALOGUE } from '../../src/diagnose/catalogue.js';
import { CONTRACT_TEXT } from './contract.js';
import { testApp } from './helpers.js';

let app: FastifyInstance;
beforeAll(async () => {
  app = await testApp();
});
afterAll(async () => {
  await app.close();
});

describe('POST /v1/check', () => {
  it('answers a correct answer with the core result as is', async () => {
    const response = await request(app.server).post('/v1/check').send({ function: 'sin(x^2)', answer: '2x cos(x^2)' }).expect(200);
    expect(response.headers['content-type']).toMatch(/^application\/json/);
    expect(response.body).toEqual(JSON.parse(JSON.stringify(check('sin(x^2)', '2x cos(x^2)'))));
    expect(response.body.correct).toBe(true);
  });

  it('answers a wrong but well-formed answer with 200 and the diagnosis, never an error', async () => {
    const response = await request(app.server).post('/v1/check').send({ function: 'sin(x^2)', answer: 'cos(x^2)' }).expect(200);
    expect(response.body).toMatchObject({ correct: false, verdict: 'incorrect', ambiguous: false });
    expect(response.body.diagnosis[0]).toMatchObject({ mistake: 'missing_inner_factor', variant: 'a', at: { text: 'sin(x^2)' } });
  });

  it('passes variable, format and quiet through to the core', async () => {
    const body = { function: '\\sin(t^2)', answer: '\\cos(t^2)', variable: 't', format: 'latex' as const, quiet: true };
    const response = await request(app.server).post('/v1/check').send(body).expect(200);
    expect(response.body).toEqual(JSON.parse(JSON.stringify(check(body.function, body.answer, body))));
    expect(response.body.variable).toBe('t');
    expect(response.body).not.toHaveProperty('expected');
    expect(response.body.diagnosis[0]).not.toHaveProperty('candidate');
  });

  it('reads an answer written in the other format when format is auto', async () => {
    const response = await request(app.server).post('/v1/check').send({ function: 'e^(3x)', answer: '3e^{3x}', format: 'auto' }).expect(200);
    expect(response.body.correct).toBe(true);
  });
});

describe('POST /v1/derivative', () => {
  it('answers the derivative and its chain, outermost first', async () => {
    const response = await request(app.server).post('/v1/derivative').send({ function: 'sin(cos(x^2))' }).expect(200);
    expect(response.body).toEqual(JSON.parse(JSON.stringify(deriveFunction('sin(cos(x^2))'))));
    expect(response.body.chain.map((step: { node: { text: string } }) => step.node.text)).toEqual(['sin(cos(x^2))', 'cos(x^2)']);
    expect(response.body.chain[0]).toMatchObject({ outer: { text: 'sin(u)' }, inner: { text: 'cos(x^2)' }, parent: null, depth: 0 });
    expect(response.body.chain[1]).toMatchObject({ outer: { text: 'cos(u)' }, innerDerivative: { text: '2*x' }, parent: 0, depth: 1 });
  });

  it('takes a variable and a format', async () => {
    const body = { function: '\\sqrt{1+\\theta^2}', variable: 'θ', format: 'latex' as const };
    const response = await request(app.server).post('/v1/derivative').send(body).expect(200);
    expect(response.body).toEqual(JSON.parse(JSON.stringify(deriveFunction(body.function, body))));
    expect(response.body).toMatchObject({ variable: 'theta', format: 'latex', derivative: { text: 'theta/sqrt(1 + theta^2)' } });
  });
});

describe('the other endpoints', () => {
  it('GET /v1/mistakes lists the catalogue: the four chain-rule codes and the slips', async () => {
    const response = await request(app.server).get('/v1/mistakes').expect(200);
    expect(response.body).toEqual({ mistakes: JSON.parse(JSON.stringify(CATALOGUE)) });
    const chainRule = response.body.mistakes.filter((m: { chainRule: boolean }) => m.chainRule).map((m: { code: string }) => m.code);
    expect(chainRule).toEqual(['missing_inner_factor', 'outer_at_inner_derivative', 'swapped_inner_outer', 'missed_composite']);
  });

  it('GET /health is ok', async () => {
    const response = await request(app.server).get('/health').expect(200);
    expect(response.body).toEqual({ status: 'ok' });
  });

  it('GET /openapi.yaml serves the contract file as written', async () => {
    const response = await request(app.server).get('/openapi.yaml').expect(200);
    expect(response.headers['content-type']).toMatch(/^application\/yaml/);
    expect(response.text).toBe(CONTRACT_TEXT);
  });

  it('GET /docs is an HTML page whose assets the service serves itself', async () => {
    const page = await request(app.server).get('/docs').expect(200);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(page.text).toContain('<title>chainrule API</title>');
    // Offline: nothing is loaded from another host.
    expect(page.text).not.toMatch(/(?:src|href)="(?:https?:)?\/\//);
    const assets = [...page.text.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1] as string);
    expect(assets.length).toBeGreaterThan(0);
    for (const asset of assets) await request(app.server).get(asset).expect(200);
    const document = await request(app.server).get('/docs/json').expect(200);
    expect(document.body).toMatchObject({ openapi: '3.1.0', info: { title: 'chainrule' } });
  });
});
