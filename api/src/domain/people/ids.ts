/** Id prefixes of the people tables (see ids.ts for the rest). */
export const PEOPLE_ID_PREFIX = {
  user: 'user',
  membership: 'mem',
  session: 'sess',
  emailToken: 'etok',
  invitation: 'inv',
} as const;
