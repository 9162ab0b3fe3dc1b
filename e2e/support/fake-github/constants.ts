/** Fixed identifiers of the default seed, shared by the seed, its logs and its report files. */
export const PR_NUMBER = 42;
export const PR_HEAD_REF = "feature/login";
export const PR_HEAD_SHA = "4f9c2e1a7b3d5c8e0f6a2b4c6d8e0f1a3b5c7d9e";
export const APP_INSTALLATION_ID = 51_234_567;
