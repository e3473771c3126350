export { AppConfig, ConfigError, loadConfig } from './app-config.js';
export { ConfigModule } from './config.module.js';
export {
  announceReady,
  answers,
  checkReachable,
  EXIT_MISCONFIGURED,
  explainStartupError,
  shownUrl,
  StartupError,
  startOrExplain,
} from './startup.js';
export { loadDotEnv } from './dotenv.js';
