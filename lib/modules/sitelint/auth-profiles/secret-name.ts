/** Name of the `secret_credentials` row holding a profile's payload (kind {@link AUTH_PROFILE_SECRET_KIND}). */
export function authProfileSecretName(profileId: string): string {
  return `sitelint_auth_profile:${profileId}`;
}

/** `secret_credentials.kind` of auth profile payloads. */
export const AUTH_PROFILE_SECRET_KIND = "sitelint_auth_profile";
