/**
 * POST /v1/validate: how an answer reads before it is graded. Unreadable answers are data (valid:
 * false, errors with field, position, token and hint), not 422s; requests that are not validation
 * requests are 400s; hostile MathML gets an error entry, never a 500 or a hang.
 */
import type { FastifyInstance } from 'fastify';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { responseErrors } from './contract.js';
import { testApp } from './helpers.js';

let app: FastifyInstance;
beforeAll(async () => {
  app = await testApp();
});
afterAll(async () => {
  await app.close();
});

async function validate(body: object): Promise<request.Response> {
  const response = await request(app.server).post('/v1/validate').send(body);
  expect(responseErrors('/v1/validate', 'post', response.status, response.headers['content-type'], response.body)).toEqual([]);
  return response;
}

describe('POST /v1/validate', () => {
  test('an answer that reads one way', async () => {
    const { body } = await validate({ answer: '2x cos(x^2)' });
    expect(body).toMatchObject({ valid: true, reading: { text: '2*x*cos(x^2)' }, variable: 'x', format: 'text', variables: ['x'], functions: ['cos'], errors: [] });
    expect(body.readings).toHaveLength(1);
  });
  test('an ambiguous answer lists every reading, and the warning says how it was read', async () => {
    const { body } = await validate({ answer: 'e^2x' });
    expect(body.readings.map((r: { text: string }) => r.text)).toEqual(['e^(2*x)', 'e^2*x']);
    expect(body.warnings[0]).toMatchObject({ code: 'ambiguous_exponent', field: 'answer' });
  });
  test('with the function: its variable, and letters it does not use', async () => {
    const { body } = await validate({ answer: '3k cos(3t)', function: 'sin(3t)' });
    expect(body.variable).toBe('t');
    expect(body.variables).toEqual(['t', 'k']);
    expect(body.warnings.map((w: { code: string }) => w.code)).toEqual(['variable_inferred', 'letter_not_in_function']);
  });
  test('an unreadable answer is valid: false with the error where it is', async () => {
    const { status, body } = await validate({ answer: 'sinn(x)' });
    expect(status).toBe(200);
    expect(body).toMatchObject({ valid: false, reading: null, readings: [] });
    expect(body.errors).toEqual([expect.objectContaining({ field: 'answer', code: 'unknown_name', position: 0, token: 'sinn' })]);
  });
  test('an unreadable function and an invalid variable are errors of their own fields', async () => {
    expect((await validate({ answer: 'x', function: 'sin(' })).body.errors[0].field).toBe('function');
    expect((await validate({ answer: 'x', variable: 'ee' })).body.errors[0].field).toBe('variable');
    expect((await validate({ answer: 'cos t', function: 'a sin(t)' })).body.errors[0]).toMatchObject({ field: 'function', code: 'variable_needed' });
  });
  test('MathML, LaTeX and the format asked for', async () => {
    expect((await validate({ answer: '<math><mi>x</mi></math>' })).body.format).toBe('mathml');
    expect((await validate({ answer: '\\frac{1}{2}x' })).body.format).toBe('latex');
    expect((await validate({ answer: 'x', format: 'latex' })).body.format).toBe('latex');
  });
  test('hostile MathML is an error entry, never a 500', async () => {
    for (const answer of [
      '<!DOCTYPE m [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;&a;">]><math><mi>&b;</mi></math>',
      '<!DOCTYPE m [<!ENTITY x SYSTEM "file:///etc/passwd">]><math><mi>&x;</mi></math>',
      `<math>${'<mrow>'.repeat(300)}</math>`,
    ]) {
      const { status, body } = await validate({ answer });
      expect(status).toBe(200);
      expect(body.valid).toBe(false);
      expect(body.errors[0]).toMatchObject({ field: 'answer', code: 'invalid_mathml' });
      expect(JSON.stringify(body)).not.toMatch(/root:|passwd:/);
    }
  });
  test('a body that is not a validation request is a 400', async () => {
    const response = await validate({ answer: 'x', quiet: true });
    expect(response.status).toBe(400);
    expect(response.body.errors[0]).toMatchObject({ field: 'quiet' });
  });
});
