/**
 * What the notifications service is told: the events (who hears about each is decided by the service), what
 * publishing one did, and the mini-program pages the messages open.
 */
interface EventBase {
  /**
   * Stable id of the event, derived from what it is about (e.g. `disclosure.published:<id>:v3`), so that
   * publishing it again after a retry or crash adds nothing: inbox and outbox are unique per (user, event).
   */
  id: string
  /** The village the event concerns (12-digit code). */
  villageCode: string
  /** What it is about, in Chinese (a disclosure title, an item name). */
  title: string
  /** When it happened. @default now */
  at?: Date
}

/** Something that happened and that people should hear about. Ids of records and users are hex strings. */
export type NotificationEvent =
  | (EventBase & {
      /** To the villagers of the village who follow the category or the item. */
      type: 'disclosure.published' | 'disclosure.updated'
      disclosureId: string
      /** Catalog domain id (the category villagers follow). */
      category: string
      /** Catalog item id. */
      itemId: string
      /** What an update changed, one plain sentence for the inbox (change note, rows), already public. */
      changes?: string
    })
  /** A published version withdrawn (撤回): told to the same followers, with the public reason. */
  | (EventBase & {
      type: 'disclosure.retracted'
      disclosureId: string
      category: string
      itemId: string
      reason: string
    })
  /**
   * Review outcomes told to the author: returned, approved, or (`review.retracted`) retracted after publication by the
   * township or county. `actorId` is who decided: the message names their office (乡镇 or 县里, `officeOf`).
   */
  | (EventBase & {
      type: 'disclosure.returned'
      disclosureId: string
      authorId: string
      actorId?: string
      reason?: string
    })
  | (EventBase & { type: 'review.approved'; disclosureId: string; authorId: string; actorId?: string })
  | (EventBase & {
      type: 'review.retracted'
      disclosureId: string
      authorId: string
      actorId: string
      reason: string
    })
  | (EventBase & { type: 'alignment.discrepancy'; itemId: string; alignmentId: string; detail?: string })
  | (EventBase & { type: 'verification.requested'; itemId: string; alignmentId: string })
  | (EventBase & { type: 'question.answered'; questionId: string; askerId: string; answer: string })
  /** A question on a disclosure passed its deadline unanswered: told to the township above the village. */
  | (EventBase & { type: 'question.overdue'; questionId: string; dueDate: string })
  /** A step of a government information request, told to its requester (`villageCode` is the office's code). */
  | (EventBase & {
      type: 'info_request.progress'
      requestId: string
      requesterId: string
      number: string
      step: string
      detail: string
    })
  | (EventBase & { type: 'deadline.approaching'; itemId: string; dueAt: Date })
  /** A villager asks to correct or delete what the village holds about them; told to its secretaries. */
  | (EventBase & { type: 'correction.requested'; correctionId: string; name: string })
  /** Staff confirmed a cross-village finding: the village's secretaries are asked to correct the list. */
  | (EventBase & { type: 'cross_check.confirmed'; findingId: string; disclosureId: string; detail: string })
  /**
   * A consultation opened, or its reminder a day before the deadline: told to the village's eligible villagers who
   * follow 村务 (the reminder only to those with someone still to answer for), chosen by the consultations feature.
   */
  | (EventBase & {
      type: 'consultation.opened' | 'consultation.reminder'
      consultationId: string
      deadline: Date
      /** The deadline as villagers read it (China time). */
      deadlineText: string
      /** A named vote (记名表决: staff see each person's choice) is said so before anyone answers. @default false */
      named?: boolean
      recipientIds: string[]
    })
  /**
   * A followed village was retired (撤并): told to each person who followed it, whose follows moved to `mergedInto`
   * (they are a villager there) or, when it is null, ended (`RegionRetirementsService.settleFollows`).
   */
  | (EventBase & {
      type: 'follows.merged'
      retiredOn: string
      mergedInto: string | null
      mergedIntoName: string | null
      /** How many of the person's follows there moved or ended. */
      followed: number
      recipientIds: string[]
    })

/** Events told to followers of a village's category or item. */
export type FollowerEvent = Extract<
  NotificationEvent,
  { type: 'disclosure.published' | 'disclosure.updated' | 'disclosure.retracted' }
>
/** Events told to named people. */
export type DirectEvent = Exclude<NotificationEvent, FollowerEvent>

export function isFollowerEvent(event: NotificationEvent): event is FollowerEvent {
  return (
    event.type === 'disclosure.published' ||
    event.type === 'disclosure.updated' ||
    event.type === 'disclosure.retracted'
  )
}

/** What publishEvent did. */
export interface PublishResult {
  /** `followers`: one shared event record; `direct`: an inbox entry and an outbox message per recipient. */
  delivery: 'followers' | 'direct'
  /** False when the event was recorded before (a retry): nothing was added. */
  recorded: boolean
  /** Named recipients; null for followers (the sender counts them as it writes their messages). */
  recipients: number | null
  inboxInserted: number
  outboxInserted: number
}

/**
 * Mini-program pages the notifications open. The pages belong to the features that add them (disclosures,
 * review, alignment, questions); these are the agreed paths.
 */
export const NOTIFICATION_PAGES = {
  disclosure: 'pages/disclosure/index',
  secretaryDisclosure: 'secretary/disclosure-edit/index',
  alignment: 'staff/alignment/index',
  // A village item's 对照 page (alignment/detail?disclosure=), where a household reads the differences on its rows.
  alignmentDetail: 'alignment/detail/index',
  townshipVerify: 'staff/alignment/index',
  // A thread (ask/question?id=): the asker reads the answer there, the township answers an overdue one there.
  question: 'ask/question/index',
  catalogItem: 'pages/catalog-item/index',
  corrections: 'pages/privacy/corrections/index',
  // 我的订阅: what one follows now (after a followed village's merger).
  subscriptions: 'me/subscriptions/index',
  // The requester's list of information requests, with each step (WeChat refuses a subscribe message whose page is
  // not in the released app: errcode 41030, docs/wechat.md).
  infoRequest: 'ask/my-requests/index',
  consultation: 'decide/consult/index',
} as const
