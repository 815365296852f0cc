/** The simulated terminal's zone, local time less UTC in minutes: Hong Kong, as the sample configuration (HKD). Shared by the app and its acquirer emulator, which runs on Node. */
export const SIM_OFFSET_MINUTES = 480;
