export {
  Countdown,
  ReleaseWindowBanner,
  formatCountdown,
  formatLocalTime,
  useNow,
} from './ReleaseWindow';
export type { CountdownProps, ReleaseWindowBannerProps } from './ReleaseWindow';
