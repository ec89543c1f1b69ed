import { describe, expect, it } from 'vitest';
import { autoSubmitFormHtml, parseLoginRequest, planLogin } from './login';
import { thrown } from '../testing/errors';
import { canvasMessage, canvasRegistration as canvas } from '../testing/fixtures';

const canvasLogin = canvasMessage('Login Message from Canvas') as Record<string, string>;
const canvasAuthRequest = canvasMessage('Auth Request from LTI Toolkit back to Canvas') as Record<string, string>;

const tool = { redirectUri: 'https://lpp.home.russfeld.me/lti/provider/redirect13' };

let n = 0;
const counter = () => `random-${(n += 1)}`;

describe('OIDC login initiation', () => {
  it('answers the Canvas login message with the authentication request LTI requires', () => {
    const login = planLogin(parseLoginRequest(canvasLogin), [canvas], tool, counter);
    const params = Object.fromEntries(login.authRequest.params);
    expect(params).toEqual({
      response_type: 'id_token',
      scope: 'openid',
      response_mode: 'form_post',
      prompt: 'none',
      client_id: '10000000000002',
      redirect_uri: tool.redirectUri,
      login_hint: canvasLogin.login_hint,
      lti_message_hint: canvasLogin.lti_message_hint,
      state: login.pending.state,
      nonce: login.pending.nonce,
    });
    // Same parameter names as the auth request captured from a real tool (whose prompt carried the
    // nonce by mistake: prompt must be "none").
    expect(Object.keys(params).sort()).toEqual(Object.keys(canvasAuthRequest).sort());
    expect(login.pending).toEqual({
      state: login.pending.state,
      nonce: login.pending.nonce,
      issuer: canvas.issuer,
      clientId: canvas.clientId,
      deploymentId: '5:d3a2504bba5184799a38f141e8df2335cfa8206d',
      targetLinkUri: 'https://lpp.home.russfeld.me/lti/provider/launch13',
    });
    expect(login.pending.state).not.toBe(login.pending.nonce);
    expect(login.authRequest.method).toBe('GET');
    const url = new URL(login.authRequest.url);
    expect(url.origin + url.pathname).toBe(canvas.authEndpoint);
    expect(Object.fromEntries(url.searchParams)).toEqual(params);
  });

  it('draws a fresh 256-bit state and nonce by default', () => {
    const a = planLogin(parseLoginRequest(canvasLogin), [canvas], tool);
    const b = planLogin(parseLoginRequest(canvasLogin), [canvas], tool);
    expect(a.pending.state).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(new Set([a.pending.state, a.pending.nonce, b.pending.state, b.pending.nonce]).size).toBe(4);
  });

  it('keeps the endpoint query and offers a form POST for platforms that refuse GET', () => {
    const reg = { ...canvas, authEndpoint: 'https://canvas.home.russfeld.me/auth?tenant=9', authRequestMethod: 'POST' as const };
    const login = planLogin(parseLoginRequest(canvasLogin), [reg], tool, counter);
    expect(login.authRequest.method).toBe('POST');
    expect(login.authRequest.action).toBe(reg.authEndpoint);
    expect(new URL(login.authRequest.url).searchParams.get('tenant')).toBe('9');
    const html = autoSubmitFormHtml(login.authRequest.action, login.authRequest.params, { scriptNonce: 'n0nce' });
    expect(html).toContain('action="https://canvas.home.russfeld.me/auth?tenant=9"');
    expect(html).toContain(`name="state" value="${login.pending.state}"`);
    expect(html).toContain('<script nonce="n0nce">');
  });

  it('escapes values in the auto-submitted form', () => {
    const html = autoSubmitFormHtml('https://p.test/a?x=1&y=2', [['lti_message_hint', '"><script>alert(1)</script>']]);
    expect(html).toContain('action="https://p.test/a?x=1&amp;y=2"');
    expect(html).toContain('value="&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"');
    expect(html).not.toContain('<script>alert');
  });

  it('accepts a login without client_id or deployment when the issuer has one registration', () => {
    const { client_id: _c, lti_deployment_id: _d, lti_message_hint: _m, ...minimal } = canvasLogin;
    const login = planLogin(parseLoginRequest(minimal), [canvas], tool, counter);
    expect(login.registration).toBe(canvas);
    expect(login.pending.deploymentId).toBeNull();
    expect(login.authRequest.params.map(([name]) => name)).not.toContain('lti_message_hint');
  });

  it.each([
    ['iss', { iss: '' }, 'invalid-login-request'],
    ['login_hint', { login_hint: undefined }, 'invalid-login-request'],
    ['target_link_uri', { target_link_uri: 'javascript:alert(1)' }, 'invalid-login-request'],
    ['client_id', { client_id: ['a', 'b'] }, 'invalid-login-request'],
    ['client_id', { client_id: 42 }, 'invalid-login-request'],
  ])('refuses a malformed %s', (field, change, code) => {
    const error = thrown(() => parseLoginRequest({ ...canvasLogin, ...change }));
    expect(error).toMatchObject({ code, field, status: 400 });
  });

  it('refuses an unknown issuer, an unknown client_id, an unregistered deployment and a foreign target', () => {
    const request = parseLoginRequest(canvasLogin);
    expect(thrown(() => planLogin({ ...request, issuer: 'https://evil.test' }, [canvas], tool))).toMatchObject({ code: 'unknown-issuer', field: 'iss' });
    expect(thrown(() => planLogin({ ...request, clientId: '999' }, [canvas], tool))).toMatchObject({ code: 'unknown-client', field: 'client_id' });
    const deployment = thrown(() => planLogin({ ...request, deploymentId: '9:nope' }, [canvas], tool));
    expect(deployment).toMatchObject({ code: 'unknown-deployment', field: 'lti_deployment_id' });
    expect(deployment.message).toContain('"9:nope" is not registered');
    const target = thrown(() => planLogin({ ...request, targetLinkUri: 'https://evil.test/phish' }, [canvas], tool));
    expect(target).toMatchObject({ code: 'target-link-uri-not-allowed', field: 'target_link_uri' });
  });

  it('allows targets on the configured origins only', () => {
    const request = { ...parseLoginRequest(canvasLogin), targetLinkUri: 'https://site.test/lessons/1' };
    expect(planLogin(request, [canvas], { ...tool, targetLinkOrigins: ['https://site.test', 'https://lpp.home.russfeld.me'] }, counter).pending.targetLinkUri).toBe(
      'https://site.test/lessons/1',
    );
    expect(thrown(() => planLogin(request, [canvas], tool)).code).toBe('target-link-uri-not-allowed');
  });

  it('needs client_id when the issuer has several registrations', () => {
    const other = { ...canvas, clientId: '10000000000099' };
    const { client_id: _c, ...withoutClient } = canvasLogin;
    expect(thrown(() => planLogin(parseLoginRequest(withoutClient), [canvas, other], tool))).toMatchObject({ code: 'ambiguous-registration', field: 'client_id' });
    expect(planLogin(parseLoginRequest(canvasLogin), [other, canvas], tool, counter).registration).toBe(canvas);
  });
});
