// The sign-in pages, plain HTML with stable ids and names so a person and Playwright can use them.
// Ids follow Entra's own where it has well-known ones (idSIButton9, idBtn_Accept, otc).
import type { AppConfig, User } from './directory';
import { escapeHtml as e } from './http';

function layout(title: string, body: string): string {
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>${e(title)}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
body{font-family:"Segoe UI",system-ui,sans-serif;background:#f2f2f2;margin:0}
main{max-width:440px;margin:48px auto;background:#fff;padding:44px;box-shadow:0 2px 6px rgba(0,0,0,.2)}
h1{font-size:24px;font-weight:600;margin:0 0 16px}
label{display:block;margin:12px 0 4px}
input[type=text],input[type=email],input[type=password]{width:100%;box-sizing:border-box;padding:6px;font-size:15px}
button{margin-top:20px;padding:6px 20px;font-size:15px;background:#0067b8;color:#fff;border:0;cursor:pointer}
button.secondary{background:#ccc;color:#000}
.error{color:#e81123;margin:8px 0}
.banner{font-size:13px;color:#666;margin-bottom:24px}
ul.users{font-size:13px;color:#444;padding-left:18px}
</style></head>
<body><main><div class="banner">Dynamics 365 Connections emulator &mdash; Microsoft Entra ID (test tenant)</div>
${body}
</main></body></html>`;
}

function hidden(fields: Record<string, string>): string {
  return Object.entries(fields)
    .map(([k, v]) => `<input type="hidden" name="${e(k)}" value="${e(v)}">`)
    .join('\n');
}

function errorLine(error?: string): string {
  return error ? `<div class="error" id="errorText" role="alert">${e(error)}</div>` : '';
}

export function signInPage(
  tx: string,
  app: AppConfig,
  opts: { loginHint?: string; error?: string; users: User[] },
): string {
  const list = opts.users
    .map((u) => `<li>${e(u.username)}${u.mfa ? ' (MFA)' : ''}${u.blockedByCa ? ' (blocked by CA)' : ''}</li>`)
    .join('');
  return layout(
    'Sign in to your account',
    `<h1>Sign in</h1>
<p>to continue to <strong>${e(app.displayName)}</strong></p>
${errorLine(opts.error)}
<form method="post" action="/common/login" id="loginForm">
${hidden({ tx })}
<label for="username">Email, phone, or Skype</label>
<input type="email" id="username" name="username" autocomplete="username" value="${e(opts.loginHint ?? '')}" required>
<label for="password">Password</label>
<input type="password" id="password" name="password" autocomplete="current-password">
<button type="submit" id="idSIButton9">Sign in</button>
</form>
<p>Test users in this tenant:</p><ul class="users" id="testUsers">${list}</ul>`,
  );
}

export function mfaPage(tx: string, user: User, error?: string): string {
  return layout(
    'Enter code',
    `<h1>Enter code</h1>
<p>We sent a verification code to the phone of <strong>${e(user.username)}</strong>. In this emulator any six digits work.</p>
${errorLine(error)}
<form method="post" action="/common/SAS/ProcessAuth" id="mfaForm">
${hidden({ tx })}
<label for="otc">Code</label>
<input type="text" id="otc" name="otc" inputmode="numeric" autocomplete="one-time-code" required>
<button type="submit" id="idSubmit_SAOTCC_Continue">Verify</button>
</form>`,
  );
}

export function consentPage(tx: string, app: AppConfig, user: User, resource: string): string {
  return layout(
    'Permissions requested',
    `<h1>Permissions requested</h1>
<p><strong>${e(app.displayName)}</strong> would like to:</p>
<ul><li>Access ${e(resource)} as you</li><li>Sign you in and read your profile</li><li>Maintain access to data you have given it access to</li></ul>
<p>Signed in as ${e(user.username)}.</p>
<form method="post" action="/common/Consent/Set" id="consentForm">
${hidden({ tx })}
<button type="submit" name="decision" value="accept" id="idBtn_Accept">Accept</button>
<button type="submit" name="decision" value="cancel" id="idBtn_Back" class="secondary">Cancel</button>
</form>`,
  );
}

export function accountPickerPage(tx: string, signedIn: User | undefined): string {
  const current = signedIn
    ? `<button type="submit" name="account" value="${e(signedIn.username)}" id="account_${e(signedIn.objectId)}">${e(signedIn.displayName)} (${e(signedIn.username)})</button>`
    : '';
  return layout(
    'Pick an account',
    `<h1>Pick an account</h1>
<form method="post" action="/common/reprocess" id="pickerForm">
${hidden({ tx })}
${current}
<button type="submit" name="account" value="" id="otherTile" class="secondary">Use another account</button>
</form>`,
  );
}

export function errorPage(code: number, message: string, correlationId: string): string {
  return layout(
    'Sign in error',
    `<h1>Sorry, but we're having trouble signing you in.</h1>
<div class="error" id="errorText" role="alert">AADSTS${code}: ${e(message)}</div>
<p id="errorCode" data-code="${code}">Error code: ${code}</p>
<p>Correlation ID: ${e(correlationId)}</p>`,
  );
}

export function formPostPage(redirectUri: string, fields: Record<string, string>): string {
  return layout(
    'Working...',
    `<form method="post" action="${e(redirectUri)}" id="hiddenform">
${hidden(fields)}
<noscript><p>Script is disabled. Click Submit to continue.</p><button type="submit">Submit</button></noscript>
</form>
<script>document.getElementById('hiddenform').submit();</script>`,
  );
}

export function deviceCodeEntryPage(error?: string, code = ''): string {
  return layout(
    'Enter code',
    `<h1>Enter code</h1>
<p>Enter the code displayed on your app or device.</p>
${errorLine(error)}
<form method="post" action="/common/oauth2/deviceauth" id="deviceForm">
<label for="otc">Code</label>
<input type="text" id="otc" name="otc" value="${e(code)}" autocomplete="off" required>
<button type="submit" id="idSIButton9">Next</button>
</form>`,
  );
}

export function deviceConfirmPage(tx: string, app: AppConfig): string {
  return layout(
    'Are you trying to sign in?',
    `<h1>Are you trying to sign in to ${e(app.displayName)}?</h1>
<p>Only continue if you downloaded the app from a store or website that you trust.</p>
<form method="post" action="/common/oauth2/deviceauth/confirm" id="deviceConfirmForm">
${hidden({ tx })}
<button type="submit" name="decision" value="continue" id="idSIButton9">Continue</button>
<button type="submit" name="decision" value="cancel" id="idBtn_Back" class="secondary">Cancel</button>
</form>`,
  );
}

export function messagePage(title: string, text: string, id = 'message'): string {
  return layout(title, `<h1>${e(title)}</h1><p id="${e(id)}">${e(text)}</p>`);
}
