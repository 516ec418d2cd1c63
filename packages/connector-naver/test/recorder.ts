import { createSecretRecorder } from '@seedworks/test-fixtures';
import {
  naverAccessToken,
  naverCode,
  naverConfig,
  naverRefreshedAccessToken,
  naverRefreshToken,
} from '@seedworks/test-fixtures/naver';

/**
 * One recorder per test file (Vitest isolates modules per file); see setup.ts. It knows the
 * fixtures' secrets; `buildConnector` adds the client secret of any other config a test uses.
 */
export const secretRecorder = createSecretRecorder();
secretRecorder.addSecrets([
  naverConfig.clientSecret,
  naverCode,
  naverAccessToken,
  naverRefreshToken,
  naverRefreshedAccessToken,
]);
