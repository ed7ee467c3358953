// `pnpm test:mutation --ignoreStatic false` reads this file: Stryker's CLI flag can only turn
// ignoreStatic on, so the script swaps in this config, stryker.config.json with it off.
import config from "./stryker.config.json" with { type: "json" };

export default { ...config, ignoreStatic: false };
