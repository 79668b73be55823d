/**
 * The service's one time zone. Every deadline, working day, letter date and calendar file is London
 * time across daylight saving; the policy schema accepts no other zone.
 */
export const LONDON = 'Europe/London';
