import type { Page, Response } from 'playwright-core';

/** An Experience API error body (`RequestError` in Logto core): a code, a message and its data. */
export interface ExperienceErrorBody {
  code?: string;
  message?: string;
  data?: Record<string, unknown>;
}

/** An Experience API answer: its status and its parsed JSON body, if any. */
export interface ExperienceAnswer {
  status: number;
  body: (ExperienceErrorBody & { redirectTo?: string }) | undefined;
}

/**
 * Calls Logto's Experience API from inside the sign-in page, with the page's interaction cookie,
 * as the page's own code does
 * (https://github.com/logto-io/logto/blob/v1.42.0/packages/experience/src/apis/experience/interaction.ts):
 * exactly what anyone at the page can send from the browser's console.
 *
 * @param route e.g. `/api/experience/identification`
 */
export const callExperienceApi = (page: Page, method: 'POST' | 'PUT', route: string, body?: unknown) =>
  page.evaluate(
    async (request): Promise<ExperienceAnswer> => {
      const response = await fetch(request.route, {
        method: request.method,
        headers: request.body === undefined ? {} : { 'content-type': 'application/json' },
        body: request.body === undefined ? undefined : JSON.stringify(request.body),
      });
      const text = await response.text();
      return { status: response.status, body: text ? JSON.parse(text) : undefined };
    },
    { method, route, body },
  );

/** The page's first identification attempt after a social callback, and what Logto answered. */
export interface Identification {
  /** The social verification record the page identifies with. */
  verificationId: string;
  status: number;
  body: ExperienceErrorBody;
}

const isPost = (response: Response, pattern: RegExp) =>
  response.request().method() === 'POST' && pattern.test(new URL(response.url()).pathname);

/**
 * Waits for the sign-in page's next social callback: its `POST
 * /api/experience/verification/social/:connectorId/verify` (whose answer names the verification
 * record) and the `POST /api/experience/identification` after it. Start waiting before the click
 * that leads there. That identification is the sign-in attempt, whose 404
 * `user.identity_not_exist` carries `data.relatedUser` when Logto found an existing user with the
 * same phone or email (`identifyUser` in
 * https://github.com/logto-io/logto/blob/v1.42.0/packages/core/src/routes/experience/classes/verifications/social-verification.ts).
 */
export const nextSocialIdentification = async (page: Page): Promise<Identification> => {
  // Both listeners are registered now, before either request is sent.
  const verified = page.waitForResponse(
    (response) => isPost(response, /^\/api\/experience\/verification\/social\/[^/]+\/verify$/),
    { timeout: 30_000 },
  );
  const identified = page.waitForResponse(
    (response) => isPost(response, /^\/api\/experience\/identification$/),
    { timeout: 30_000 },
  );
  // The request's body is not always readable here (Chromium may not expose it): the answer is.
  const { verificationId } = (await (await verified).json()) as { verificationId: string };
  const response = await identified;
  const text = await response.text();
  return { verificationId, status: response.status(), body: text ? JSON.parse(text) : {} };
};
