/** The SMTP transport's own settings really apply: DKIM signing for the authority's domain, and TLS required in production. */
import { generateKeyPairSync } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSmtpMailer } from '../../../src/channels/email/smtp-mailer.ts';
import { startCaptureServer } from './smtp-capture.ts';

let server: Awaited<ReturnType<typeof startCaptureServer>>;
beforeAll(async () => {
  server = await startCaptureServer();
});
afterAll(async () => server.close());

describe('DKIM signing', () => {
  it('signs with the configured domain and selector', async () => {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const mailer = createSmtpMailer({
      url: `smtp://127.0.0.1:${server.port}`,
      from: { name: 'Conferences', address: 'cp@council.example.gov.uk' },
      requireTLS: false,
      ignoreTLS: true,
      pool: true,
      dkim: {
        domainName: 'council.example.gov.uk',
        keySelector: 'cpc2027',
        privateKey: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
      },
    });
    await mailer.send({
      to: 'someone@example.org',
      subject: 'CPC-2027-0001: test',
      text: 'Hello',
      html: '<p>Hello</p>',
    });
    await mailer.close?.();
    const raw = server.messages.at(-1)!.raw.toString();
    const header = /^DKIM-Signature:([\s\S]*?)\r?\n(?=\S)/m.exec(raw)?.[1] ?? '';
    expect(header).toMatch(/d=council\.example\.gov\.uk/);
    expect(header).toMatch(/s=cpc2027/);
    expect(header).toMatch(/a=rsa-sha256/);
    const b = /b=([A-Za-z0-9+/=\s]+)/.exec(header.split('bh=')[1] ?? '')?.[1]?.replace(/\s+/g, '');
    expect(b && b.length).toBeGreaterThan(100);
    expect(publicKey.asymmetricKeyType).toBe('rsa');
  });

  it('refuses to send when TLS is required and the server offers none (production setting)', async () => {
    const before = server.messages.length;
    const mailer = createSmtpMailer({
      url: `smtp://127.0.0.1:${server.port}`,
      from: 'cp@council.example.gov.uk',
      requireTLS: true,
      pool: true,
    });
    await expect(
      mailer.send({ to: 'someone@example.org', subject: 'CPC-2027-0001: test', text: 'x', html: '<p>x</p>' }),
    ).rejects.toThrow(/STARTTLS|TLS/i);
    await mailer.close?.();
    expect(server.messages.length).toBe(before);
  });
});
