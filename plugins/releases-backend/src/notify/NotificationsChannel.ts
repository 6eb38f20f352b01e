import type { NotificationService } from '@backstage/plugin-notifications-node';
import type { NotificationSeverity } from '@backstage/plugin-notifications-common';
import type { PromotionState } from '@releases-for-backstage/plugin-releases-common';
import type { PromotionChange, PromotionChannel } from './PromotionChannel';
import {
  promotionDescription,
  promotionTabPath,
  promotionTitle,
} from './describePromotion';

/** Topic of every promotion notification, for users' notification settings. */
export const PROMOTION_NOTIFICATION_TOPIC = 'releases:promotion';

/**
 * States worth a person's attention, and how loudly. A new promotion
 * (requested), one waiting for someone's approval (waiting-for-gates), and
 * every outcome. approved, executing and verifying follow each other
 * within seconds: open pages show them through signals, and a notification
 * each would only be noise. All notifications of one promotion share its
 * id as scope, so each replaces the previous one in the inbox.
 */
const SEVERITY: Partial<Record<PromotionState, NotificationSeverity>> = {
  requested: 'low',
  'waiting-for-gates': 'low',
  succeeded: 'normal',
  failed: 'high',
  'rolled-back': 'high',
  rejected: 'low',
  aborted: 'low',
};

/**
 * Backstage notifications to the entity's owners and to `alsoTo` (the
 * release managers, who may act on every entity); the notifications
 * backend resolves groups to their members.
 */
export class NotificationsChannel implements PromotionChannel {
  readonly name = 'notifications';

  constructor(
    private readonly options: {
      notifications: NotificationService;
      alsoTo?: string[];
    },
  ) {}

  async send(p: PromotionChange): Promise<void> {
    const severity = SEVERITY[p.state];
    if (!severity) return;
    await this.options.notifications.send({
      recipients: {
        type: 'entity',
        entityRef: this.options.alsoTo?.length
          ? [p.entityRef, ...this.options.alsoTo]
          : p.entityRef,
      },
      payload: {
        title: promotionTitle(p),
        description: promotionDescription(p),
        link: promotionTabPath(p.entityRef),
        severity,
        topic: PROMOTION_NOTIFICATION_TOPIC,
        scope: p.id,
      },
    });
  }
}
