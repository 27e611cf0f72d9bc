import { errors } from '@strapi/utils';
import { badGateway, conflict, ConflictError, serviceUnavailable, StatusError, unprocessable, withStatusErrors } from '../errors';

/** A controller factory as Strapi loads it, wrapped the way controllers/index.ts wraps every one. */
const controller = withStatusErrors(({ strapi }: { strapi: any }) => ({
  prefix: 'kept',
  async ok(ctx: any) {
    ctx.status = 202;
    ctx.body = { data: strapi.answer };
  },
  async throws(ctx: any) {
    throw ctx.error;
  },
  async usesThis(this: any, ctx: any) {
    ctx.body = { data: this.prefix };
  },
}))({ strapi: { answer: 42 } }) as any;

describe('core/errors: the one path from an error to an HTTP status', () => {
  it.each([
    { error: conflict('Number already assigned', { phoneNumberId: '1' }), status: 409, name: 'ConflictError', details: { phoneNumberId: '1' } },
    { error: new ConflictError('Account still has numbers'), status: 409, name: 'ConflictError', details: {} },
    { error: unprocessable('The 24-hour window is closed'), status: 422, name: 'UnprocessableEntityError', details: {} },
    { error: badGateway('Meta did not answer'), status: 502, name: 'BadGatewayError', details: {} },
    { error: serviceUnavailable('WhatsApp is not configured'), status: 503, name: 'ServiceUnavailableError', details: {} },
  ])('a thrown $name is answered $status in Strapi’s error shape', async ({ error, status, name, details }) => {
    const ctx: any = { error };
    await controller.throws(ctx);
    expect(ctx.status).toBe(status);
    expect(ctx.body).toEqual({ data: null, error: { status, name, message: (error as Error).message, details } });
  });

  it('leaves Strapi’s own errors and unexpected errors to Strapi’s error middleware', async () => {
    const notFound = new errors.NotFoundError('Template not found');
    await expect(controller.throws({ error: notFound })).rejects.toBe(notFound);
    const bug = new TypeError('x is undefined');
    await expect(controller.throws({ error: bug })).rejects.toBe(bug);
  });

  it('runs handlers unchanged when nothing is thrown, with `this` and non-function members intact', async () => {
    const ctx: any = {};
    await controller.ok(ctx);
    expect(ctx).toEqual({ status: 202, body: { data: 42 } });
    const other: any = {};
    await controller.usesThis.call(controller, other);
    expect(other.body).toEqual({ data: 'kept' });
    expect(controller.prefix).toBe('kept');
  });

  it('StatusError is an ApplicationError, so service callers can catch it as Strapi’s family', () => {
    const error = unprocessable('x');
    expect(error).toBeInstanceOf(StatusError);
    expect(error).toBeInstanceOf(errors.ApplicationError);
    expect(error.status).toBe(422);
  });
});
