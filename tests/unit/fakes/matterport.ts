import { MatterportError, type MatterportErrorCode } from '../../../common/errors';
import type { Credentials, EmbedLink } from '../../../server/src/matterport/types';

/**
 * An in-memory Matterport, in the shape of the plugin's `matterport` service, following
 * /work/shared/matterport-api.md: a mint answers `{ accessToken, link, validUntil }` with
 * `link = https://my.matterport.com/show?m=<id>&auth=Bearer+<token>` and `validUntil` ISO-8601
 * UTC without milliseconds; `deletePrivateModelEmbedToken` answers true or false. Tokens are
 * `tok-<n>`, so a test can tell each mint apart and look for a token anywhere.
 */
export interface FakeMatterportOptions {
  clientId?: string;
  /** The clock links are minted against (tests move it). */
  now?: () => number;
}

export const createFakeMatterport = (options: FakeMatterportOptions = {}) => {
  const now = options.now ?? (() => Date.now());
  let serial = 0;
  const minted: Array<EmbedLink & { lifetime: number }> = [];
  const live = new Set<string>();
  const revokeCalls: Array<{ accessToken: string; clientId?: string }> = [];
  /** Per model: a failure to answer mints with, instead of a link. */
  const failing = new Map<string, MatterportErrorCode>();
  let revokeAnswer: boolean | MatterportErrorCode = true;
  /** Answers for the next revocations, in order, before `revokeAnswer`. */
  const nextAnswers: Array<boolean | MatterportErrorCode> = [];
  /** While set, mints wait for it (to hold them "at Matterport"). */
  let gate: Promise<void> | undefined;

  const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

  const service = {
    async createLink(modelId: string, validForSeconds: number): Promise<EmbedLink> {
      const startedAt = now();
      // Counted when the call reaches Matterport.
      const call = serial++;
      if (gate) await gate;
      const code = failing.get(modelId);
      if (code) throw new MatterportError(code, undefined, { operation: 'createLink' });
      const accessToken = `tok-${call}`;
      const link: EmbedLink = {
        modelId,
        accessToken,
        link: `https://my.matterport.com/show?m=${modelId}&auth=Bearer+${accessToken}`,
        validUntil: iso(startedAt + validForSeconds * 1000),
        clientId: options.clientId ?? 'client-a',
      };
      minted.push({ ...link, lifetime: validForSeconds });
      live.add(accessToken);
      return link;
    },
    async revokeToken(accessToken: string, credentials?: Credentials): Promise<boolean> {
      revokeCalls.push({ accessToken, clientId: credentials?.clientId });
      const answer = nextAnswers.length ? nextAnswers.shift() : revokeAnswer;
      if (typeof answer === 'string')
        throw new MatterportError(answer, undefined, { operation: 'revokeToken' });
      if (answer) live.delete(accessToken);
      return answer === true;
    },
    knownFailure: (_modelId: string): MatterportError | undefined => undefined,
    forgetFailures: () => undefined,
    settingsSaved: () => undefined,
    async checkCredentials(_credentials?: Credentials) {
      return { scope: 'ViewDetails', expiresIn: 3599 };
    },
  };

  return {
    service,
    /** Every link Matterport minted, in order. */
    minted,
    /** Tokens Matterport still accepts. */
    live,
    revokeCalls,
    mints: () => minted.length,
    /** Mints asked for so far (including those held at the gate or failed). */
    mintCalls: () => serial,
    fail(modelId: string, code: MatterportErrorCode | undefined) {
      if (code) failing.set(modelId, code);
      else failing.delete(modelId);
    },
    /** What deletePrivateModelEmbedToken answers: true, false, or a failure. */
    answerRevocations(answer: boolean | MatterportErrorCode) {
      revokeAnswer = answer;
    },
    /** The answers of the next revocations, one each, in order. */
    answerNextRevocations(...answers: Array<boolean | MatterportErrorCode>) {
      nextAnswers.push(...answers);
    },
    /** Holds every mint until the returned function is called. */
    hold(): () => void {
      let open!: () => void;
      gate = new Promise<void>((resolve) => (open = resolve));
      return () => {
        gate = undefined;
        open();
      };
    },
  };
};

export type FakeMatterport = ReturnType<typeof createFakeMatterport>;
