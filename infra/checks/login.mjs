// The sign-in page in a real browser: Debian's Chromium, driven by playwright-core, runs the authorization code
// flow with PKCE against the API at API_URL as a frontend would, with Swagger UI's development client.
//
// It provisions a tenant with an admin (partner API, activation), then checks: a wrong password shows the error
// (screenshot: SCREENSHOT, default docs/images/login.png); the right one redirects to the client with code, state
// and iss, and the code (with the PKCE verifier) buys tokens at /connect/token that the API accepts, once; a second
// user who keeps failing is locked out, and then even the right password is refused. Exits 1 if any check fails.
import { createHash, randomBytes } from "node:crypto";
import { mkdirSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { chromium } from "playwright-core";

const api = (process.env.API_URL ?? "http://localhost:5080").replace(/\/$/, "");
const screenshotPath = resolve(process.env.SCREENSHOT ?? "docs/images/login.png");
const clientId = "swagger-ui";
// The redirect URI that appsettings.Development.json registers for it, on the address the API is served at. The browser
// never loads it: the script answers that navigation itself and reads the code from the address.
const redirectUri = `${api}/swagger/oauth2-redirect.html`;
const partner = { id: "dev-partner", secret: "dev-partner-secret" };
const messages = {
  invalid: "The e-mail or password is incorrect.",
  locked: "Too many failed attempts. Sign-in is locked for a while; try again later.",
};

const results = [];
function check(name, ok, detail = "") {
  results.push({ name, ok });
  console.log(`${ok ? "✓" : "✖"} ${name}${detail ? ` — ${detail}` : ""}`);
  return ok;
}

async function json(method, path, { token, body, form, basic } = {}) {
  const headers = {};
  if (token) headers.Authorization = `Bearer ${token}`;
  if (basic) headers.Authorization = `Basic ${Buffer.from(`${basic.id}:${basic.secret}`).toString("base64")}`;
  let payload;
  if (form) {
    headers["Content-Type"] = "application/x-www-form-urlencoded";
    payload = new URLSearchParams(form).toString();
  } else if (body !== undefined) {
    headers["Content-Type"] = "application/json";
    payload = JSON.stringify(body);
  }
  const response = await fetch(api + path, { method, headers, body: payload, redirect: "manual" });
  const text = await response.text();
  let parsed = null;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    parsed = text;
  }
  return { status: response.status, body: parsed };
}

async function must(description, call, status) {
  const answer = await call;
  if (answer.status !== status) {
    throw new Error(`${description}: expected ${status}, got ${answer.status} ${JSON.stringify(answer.body)}`);
  }
  return answer.body;
}

const base64url = (buffer) => buffer.toString("base64url");
function pkce() {
  const verifier = base64url(randomBytes(32));
  return { verifier, challenge: base64url(createHash("sha256").update(verifier).digest()) };
}

function authorizeUrl({ challenge }, state, extra = {}) {
  const query = new URLSearchParams({
    response_type: "code",
    client_id: clientId,
    redirect_uri: redirectUri,
    scope: "api offline_access",
    state,
    code_challenge: challenge,
    code_challenge_method: "S256",
    ...extra,
  });
  return `${api}/connect/authorize?${query}`;
}

function jwtPayload(token) {
  const [, payload] = token.split(".");
  return JSON.parse(Buffer.from(payload ?? "", "base64url").toString("utf8"));
}

/** Fills the form and submits it; resolves with the answer to the POST (200 page again, or the 302). */
async function submit(page, email, password) {
  await page.fill('input[type="email"]', email);
  await page.fill('input[type="password"]', password);
  const [answer] = await Promise.all([
    page.waitForResponse((r) => r.url().startsWith(`${api}/connect/authorize`) && r.request().method() === "POST"),
    page.click('button[type="submit"]'),
  ]);
  await page.waitForLoadState("load");
  return answer;
}

async function errorText(page) {
  const alert = page.locator('.error[role="alert"]');
  return (await alert.count()) > 0 ? (await alert.innerText()).trim() : null;
}

async function provisionTenant(run) {
  const partnerToken = (await must("partner token",
    json("POST", "/connect/token", { basic: partner, form: { grant_type: "client_credentials" } }), 200)).access_token;
  const admin = { email: `admin-${run}@checks.example`, password: `browser check ${run}` };
  const tenant = await must("provision tenant", json("POST", "/api/v1/partner/tenants", {
    token: partnerToken,
    body: {
      name: `Browser check ${run}`, slug: `browser-${run}`, currency: "RUB", timeZone: "Europe/Moscow", locale: "en",
      admin: { email: admin.email, fullName: "Browser Check" },
    },
  }), 201);
  await must("activate admin", json("POST", "/api/v1/auth/activate",
    { body: { activationToken: tenant.admin.activationToken, password: admin.password } }), 200);
  return { tenant, admin };
}

async function main() {
  const run = `${Date.now().toString(36)}${randomBytes(3).toString("hex")}`;
  const discovery = await must("discovery", json("GET", "/.well-known/openid-configuration"), 200);
  const { tenant, admin } = await provisionTenant(run);
  console.log(`Tenant ${tenant.slug}, admin ${admin.email}`);

  const browser = await chromium.launch({
    executablePath: "/usr/bin/chromium",
    headless: true,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
  });
  try {
    const context = await browser.newContext({ locale: "en-US", viewport: { width: 560, height: 560 } });
    // The client's redirect URI: answered here, the way a frontend's callback route would receive it.
    await context.route((url) => url.href.startsWith(redirectUri), (route) =>
      route.fulfill({ status: 200, contentType: "text/html", body: "<!doctype html><title>Client</title><p>Signed in.</p>" }));
    const page = await context.newPage();

    // 1. The sign-in page.
    const verifier = pkce();
    const state = base64url(randomBytes(12));
    const shown = await page.goto(authorizeUrl(verifier, state));
    check("GET /connect/authorize shows the sign-in page", shown?.status() === 200 && (await page.title()) === "Sign in",
      `status ${shown?.status()}, title "${await page.title()}"`);
    check("the form has an e-mail and a password input",
      (await page.locator('input[type="email"]').count()) === 1 && (await page.locator('input[type="password"]').count()) === 1);
    const headers = shown?.headers() ?? {};
    check("the page may not be framed", headers["x-frame-options"] === "DENY" && /frame-ancestors 'none'/.test(headers["content-security-policy"] ?? ""));

    // 2. A wrong password: the page comes back with the error, the e-mail kept; screenshot.
    const wrong = await submit(page, admin.email, "not the password");
    check("a wrong password is refused on the page", wrong.status() === 200 && page.url().startsWith(`${api}/connect/authorize`),
      `status ${wrong.status()}`);
    const wrongMessage = await errorText(page);
    check("…with the error message shown", wrongMessage === messages.invalid, `"${wrongMessage}"`);
    check("…and the e-mail kept in the form", (await page.inputValue('input[type="email"]')) === admin.email);
    // The picture shows a fixed address instead of this run's, so the committed PNG changes only when the page does.
    await page.fill('input[type="email"]', "anna@roga.example");
    mkdirSync(dirname(screenshotPath), { recursive: true });
    await page.screenshot({ path: screenshotPath });
    console.log(`Screenshot: ${screenshotPath}`);

    // 3. The right password: redirect to the client with code, state and iss.
    await submit(page, admin.email, admin.password);
    await page.waitForURL((url) => url.href.startsWith(redirectUri), { timeout: 10_000 }).catch(() => {});
    const landed = new URL(page.url());
    const code = landed.searchParams.get("code");
    check("the right password redirects to the client's redirect URI", landed.href.startsWith(redirectUri + "?"), landed.href.split("?")[0]);
    check("…with a code", typeof code === "string" && code.length > 0);
    check("…with the state it was sent", landed.searchParams.get("state") === state);
    check("…and the issuer (RFC 9207)", landed.searchParams.get("iss") === discovery.issuer, `${landed.searchParams.get("iss")}`);

    // 4. The code exchange with the PKCE verifier.
    const exchange = { grant_type: "authorization_code", client_id: clientId, code: code ?? "", redirect_uri: redirectUri };
    const wrongVerifier = await json("POST", "/connect/token", { form: { ...exchange, code_verifier: pkce().verifier } });
    check("/connect/token refuses the code with another verifier", wrongVerifier.status === 400 && wrongVerifier.body?.error === "invalid_grant",
      `${wrongVerifier.status} ${wrongVerifier.body?.error}`);
    const tokens = await json("POST", "/connect/token", { form: { ...exchange, code_verifier: verifier.verifier } });
    check("/connect/token exchanges the code and verifier for tokens", tokens.status === 200 && typeof tokens.body?.access_token === "string",
      `status ${tokens.status}`);
    check("…a Bearer access token with a lifetime, and a refresh token (offline_access)",
      tokens.body?.token_type === "Bearer" && tokens.body?.expires_in > 0 && typeof tokens.body?.refresh_token === "string");
    const claims = tokens.body?.access_token ? jwtPayload(tokens.body.access_token) : {};
    check("…for this tenant's admin, for this API", claims.tenant_id === tenant.id && claims.role === "admin" && claims.aud === "saas-api"
      && claims.iss === discovery.issuer, `tenant_id ${claims.tenant_id}, role ${claims.role}, aud ${claims.aud}`);
    const me = await json("GET", "/api/v1/tenant", { token: tokens.body?.access_token });
    check("the API accepts the access token", me.status === 200 && me.body?.slug === tenant.slug, `GET /api/v1/tenant: ${me.status}`);

    // A second user for the lockout below, invited with the admin's token.
    const manager = { email: `manager-${run}@checks.example`, password: `manager ${run}` };
    const invited = await must("invite a manager", json("POST", "/api/v1/users", {
      token: tokens.body.access_token, body: { email: manager.email, fullName: "Locked Out", role: "manager" },
    }), 201);
    await must("activate the manager", json("POST", "/api/v1/auth/activate",
      { body: { activationToken: invited.activationToken, password: manager.password } }), 200);
    const replay = await json("POST", "/connect/token", { form: { ...exchange, code_verifier: verifier.verifier } });
    check("the code works once", replay.status === 400 && replay.body?.error === "invalid_grant", `${replay.status} ${replay.body?.error}`);
    const revoked = await json("GET", "/api/v1/tenant", { token: tokens.body?.access_token });
    check("…and its reuse revokes the tokens it bought", revoked.status === 401, `GET /api/v1/tenant: ${revoked.status}`);

    // 5. Lockout: the second user keeps failing, in a fresh browser.
    const other = await browser.newContext({ locale: "en-US", viewport: { width: 560, height: 560 } });
    await other.route((url) => url.href.startsWith(redirectUri), (route) => route.fulfill({ status: 200, body: "redirected" }));
    const second = await other.newPage();
    await second.goto(authorizeUrl(pkce(), state));
    const seen = [];
    for (let attempt = 1; attempt <= 10; attempt++) {
      await submit(second, manager.email, `wrong ${attempt}`);
      const message = await errorText(second);
      seen.push(message === messages.locked ? "locked" : message === messages.invalid ? "invalid" : `"${message}"`);
      if (message !== messages.invalid) break;
    }
    const lockedAt = seen.indexOf("locked") + 1;
    check("repeated wrong passwords end in a lockout, shown on the page", lockedAt > 1 && seen.slice(0, lockedAt - 1).every((s) => s === "invalid"),
      `${seen.join(", ")}`);
    await second.screenshot({ path: resolve(process.env.OUT_DIR ?? dirname(screenshotPath), "login-locked.png") });
    const afterLock = await submit(second, manager.email, manager.password);
    check("while locked, even the right password is refused", afterLock.status() === 200 && (await errorText(second)) === messages.locked
      && !second.url().startsWith(redirectUri), `status ${afterLock.status()}`);

    // 6. The same page in Russian.
    await second.goto(authorizeUrl(pkce(), state, { ui_locales: "ru" }));
    check("ui_locales=ru shows the page in Russian", (await second.title()) === "Вход", `title "${await second.title()}"`);
  } finally {
    await browser.close();
  }
}

try {
  await main();
} catch (error) {
  check("the browser check ran to the end", false, error instanceof Error ? error.message : String(error));
}
const failed = results.filter((r) => !r.ok).length;
console.log(`${results.length - failed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
