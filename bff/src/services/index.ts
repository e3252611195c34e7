import type { Config } from '../config'
import type { Logger } from '../logger'
import type { WechatClient } from '../clients/wechat.client'
import { createModels } from '../models'
import type { Models } from '../models'
import type { Connection } from 'mongoose'
import { AuditService } from './audit.service'
import { AuditNamesService } from './audit-names.service'
import { createAuthService } from './auth.service'
import { createCatalogService } from './catalog.service'
import { MembershipsService } from './memberships.service'
import { InvitesService } from './invites.service'
import { ProxiesService } from './proxies.service'
import { createRegionsService } from './regions.service'
import { createUsersService } from './users.service'
import { NotificationsService } from './notifications.service'
import { OutboxService } from './outbox.service'
import { SubscriptionsService } from './subscriptions.service'
import { InboxService } from './inbox.service'
import { composeHooks, concurrentHooks } from './disclosure-hooks.service'
import { DisclosuresService } from './disclosures.service'
import { createDisclosureFeedService } from './disclosure-feed.service'
import { DisclosureVersionsService } from './disclosure-versions.service'
import { PayServices } from './pay.service'
import type { PayRuntime } from '../clients/pay-runtime'
import { AttachmentWithdrawalsService } from './attachment-withdrawals.service'
import { createAttachmentsService } from './attachments.service'
import { AfterResponse, disclosureEventHooks } from './disclosure-events.service'
import { createTableImportsService } from './table-imports.service'
import { createSchedulesService } from './schedules.service'
import {
  buildSearchIndexFields,
  cachedSearchIndexFields,
  searchQueryTokens,
} from '../lib/search/search-index'
import { getWorkingCalendar } from '../lib/calendar/working-calendar'
import { AlignmentsService } from './alignments.service'
import { HouseholdAlignmentsService } from './household-alignment.service'
import { AlignmentVerificationsService } from './alignment-verifications.service'
import { AlignmentRulesSweep } from './alignment-rules-sweep.service'
import { createGovernmentItemsService } from './government-items.service'
import { createGovernmentRowsService } from './government-rows.service'
import { ComplianceService } from './compliance.service'
import { ComplianceExportService } from './compliance-export.service'
import { DisclosurePrefillService } from './disclosure-prefill.service'
import { createPrivacyService } from './privacy.service'
import { createPrivacyExportService } from './privacy-export.service'
import { ClockService } from './clock.service'
import { RegionRetirementsService } from './region-retirements.service'
import { QuestionsService } from './questions.service'
import { QuestionOverviewService } from './question-overview.service'
import { QuestionPublicationService } from './question-publication.service'
import { QuestionPhotosService } from './question-photos.service'
import type { MediaCheckClient } from '../clients/wechat-media-check.client'
import { InfoRequestsService } from './info-requests.service'
import { InfoRequestReportService } from './info-request-report.service'
import type { ContentSecurityClient } from '../clients/wechat-security.client'
import { CrossCheckRunsService } from './cross-check-runs.service'
import { CrossChecksService } from './cross-checks.service'
import { OpenDataService } from './open-data.service'
import { PostersService } from './posters.service'
import { SpeechService } from './speech.service'
import { createSpeechSynthesizer } from '../clients/speech'
import { ServiceGuidesService } from './service-guides.service'
import { consultationCommentKey } from './consultation-comments.service'
import { ConsultationsService } from './consultations.service'
import { ConsultationTalliesService } from './consultation-tallies.service'
import { ConsultationNoticesService } from './consultation-notices.service'
import { ConsultationSummaryService } from './consultation-summary.service'
import { DecisionsService } from './decisions.service'

/** Everything the routers call, built once per app over one database connection. */
export function createServices(deps: {
  conn: Connection
  config: Config
  wechat: WechatClient
  jwtSecret: string
  pay?: PayRuntime | null
  /** Background work that outlives a request (spreadsheet imports) logs here. */
  logger: Logger
  /** WeChat's text check for what villagers write (questions); null refuses such writing. */
  contentSecurity?: ContentSecurityClient | null
  /** WeChat's image check for villagers' photos; null refuses photos. */
  mediaCheck?: MediaCheckClient | null
}) {
  const models: Models = createModels(deps.conn)
  const audit = new AuditService(models)
  // The one notion of now: deadlines, publications, posting windows and overdue counts read it (moved only by the
  // development clock route). Infrastructure timers (caches, leases, token lifetimes) keep the system time.
  const clock = new ClockService()
  const notifications = new NotificationsService({ models, config: deps.config })
  const subscriptions = new SubscriptionsService({ models, config: deps.config })
  // Government rosters live in chunks outside their items; alignments are derived from both sides' lifecycles,
  // keep the compliance lines current and give the feed its badges.
  const governmentRows = createGovernmentRowsService({ models })
  const compliance = new ComplianceService({ models, calendar: getWorkingCalendar })
  const alignments = new AlignmentsService({
    models,
    audit,
    notifications,
    rows: governmentRows,
    compliance,
    onChanged: (code, series) => feed.invalidateVillage(code, series),
  })
  // Cross-village checks: a published or retracted village list re-checks what it can affect.
  const crossChecks = new CrossChecksService({
    models,
    audit,
    notifications,
    runs: new CrossCheckRunsService({ models, audit }),
    logger: deps.logger,
  })
  const feed = createDisclosureFeedService({
    models,
    alignment: (list) => alignments.badges(list),
    search: { queryTokens: searchQueryTokens },
    now: () => clock.now(),
  })
  // 读给我听: scripts' audio, synthesised once per text and engine, kept in the database (docs/speech.md).
  const speech = new SpeechService({
    conn: deps.conn,
    synthesizer: createSpeechSynthesizer(deps.config),
    logger: deps.logger,
    publicView: (id) => feed.get(id, false),
    now: () => clock.now(),
  })
  // Outside tests an item's audio is made as it is published, so its first listener does not wait for it.
  const prepareSpeech = deps.config.SPEECH_PREPARE ?? deps.config.NODE_ENV !== 'test'
  // A publish's follow-ups that need not hold up the approve (disclosure-events.service.ts); inline in tests.
  const afterResponse = new AfterResponse({ inline: deps.config.NODE_ENV === 'test', logger: deps.logger })
  const attachments = createAttachmentsService({ conn: deps.conn, models, audit })
  // 撤并: a retired region's grants stop allowing writes, its follows move or end (docs/api.md).
  const regionRetirements = new RegionRetirementsService({
    models,
    audit,
    notifications,
    now: () => clock.now(),
  })
  const services = {
    models,
    audit,
    auth: createAuthService({
      models,
      wechat: deps.wechat,
      audit,
      jwtSecret: deps.jwtSecret,
      accessTtlSeconds: deps.config.ACCESS_TOKEN_TTL_SECONDS,
      refreshTtlDays: deps.config.REFRESH_TOKEN_TTL_DAYS,
      endedGrants: (grants) => regionRetirements.endedGrantsOf(grants),
    }),
    users: createUsersService({ models, audit }),
    auditNames: new AuditNamesService(models),
    // Ending a membership ends the person's subscriptions in that village.
    memberships: new MembershipsService({ models, audit, subscriptions }),
    invites: new InvitesService({ models, audit }),
    proxies: new ProxiesService({ models, audit }),
    regions: createRegionsService({ models, audit }),
    regionRetirements,
    catalog: createCatalogService(),
    notifications,
    outbox: new OutboxService({ models }),
    subscriptions,
    inbox: new InboxService({ models }),
    disclosures: new DisclosuresService({
      models,
      audit,
      clock,
      hooks: composeHooks(
        { searchFields: buildSearchIndexFields },
        // The read cache's reload and the objections a corrected version upholds touch nothing of each other's.
        concurrentHooks(
          {
            onPublished: async (d) => feed.invalidateVillage(d.regionCode, d.seriesKey),
            onRetracted: async (d) => feed.invalidateVillage(d.regionCode, d.seriesKey),
          },
          // A corrected version that upholds objections closes them when published (questions is built below).
          { onPublished: async (d) => questions.onVersionPublished(d) },
        ),
        {
          onPublished: async (d) => {
            if (prepareSpeech) speech.prepareInBackground(d._id.toHexString())
          },
        },
        // Behind the response (the upkeep catches up on both): the publication's or retraction's events, its cross-village
        // re-check.
        { onReturned: disclosureEventHooks(notifications).onReturned },
        afterResponse.hooks('disclosure events', {
          onPublished: disclosureEventHooks(notifications).onPublished,
          onRetracted: disclosureEventHooks(notifications).onRetracted,
        }),
        // The alignment of a publication is compared behind the response too (a dozen database round trips, each
        // waiting its turn behind every reader's request; the upkeep's sweep recomputes it if the process ends
        // first); a retraction's stays in the request.
        afterResponse.hooks('alignment recompute', { onPublished: alignments.disclosureHooks.onPublished }),
        { onRetracted: alignments.disclosureHooks.onRetracted },
        afterResponse.hooks('cross-check re-check', {
          onPublished: (d) => crossChecks.villageListChanged(d),
        }),
        { onRetracted: (d) => crossChecks.villageListChanged(d) },
      ),
    }),
    feed,
    afterResponse,
    versions: new DisclosureVersionsService({ models, feed }),
    householdAlignments: new HouseholdAlignmentsService({ models }),
    attachments,
    // A file published by mistake is taken down from the series; its public views reload.
    attachmentWithdrawals: new AttachmentWithdrawalsService({
      models,
      audit,
      attachments,
      onChanged: (code, series) => feed.invalidateVillage(code, series),
    }),
  }
  const governmentItems = createGovernmentItemsService({
    models,
    audit,
    rows: governmentRows,
    clock,
    hooks: {
      async onPublished(g, previous) {
        await alignments.governmentHooks.onPublished(g, previous)
        // New, changed or dropped standards (named figures) of a county and period: its lists are measured again.
        await crossChecks.standardsChanged(g, previous)
      },
      async onRetracted(g) {
        await alignments.governmentHooks.onRetracted(g)
        await crossChecks.standardsChanged(g)
      },
    },
  })
  const tableImports = createTableImportsService({
    models,
    audit,
    disclosures: services.disclosures,
    governmentItems,
    rows: governmentRows,
    logger: deps.logger,
  })
  const disclosurePrefill = new DisclosurePrefillService({
    disclosures: services.disclosures,
    alignments,
    rows: governmentRows,
  })
  const schedules = createSchedulesService({ models })
  const infoRequests = new InfoRequestsService({
    models,
    audit,
    clock,
    calendar: getWorkingCalendar,
    notifications,
  })
  const questions: QuestionsService = new QuestionsService({
    models,
    audit,
    notifications,
    disclosures: services.disclosures,
    clock,
    calendar: getWorkingCalendar,
    contentSecurity: deps.contentSecurity ?? null,
  })
  const questionPhotos = new QuestionPhotosService({
    models,
    audit,
    clock,
    mediaCheck: deps.mediaCheck ?? null,
  })
  // Consultations and polls: eligible followers of 村务 hear of each one (announced once it is open) and are
  // reminded a day before the deadline; the summary goes out as a disclosure through the review.
  const consultationTallies = new ConsultationTalliesService({ models, clock })
  const consultations: ConsultationsService = new ConsultationsService({
    models,
    audit,
    clock,
    tallies: consultationTallies,
    contentSecurity: deps.contentSecurity ?? null,
    commentKey: consultationCommentKey(deps.jwtSecret),
    // A failed announcement does not undo the opening: the upkeep announces what is still unannounced.
    onOpened: (c) =>
      consultationNotices.announce(c).then(
        () => undefined,
        (err: unknown) => deps.logger.warn({ err }, 'consultation announcement failed; the upkeep retries'),
      ),
  })
  const consultationNotices = new ConsultationNoticesService({
    models,
    clock,
    notifications,
    tallies: consultationTallies,
  })
  // The pay feature (charges, payment orders and refunds, pay callbacks, the ledger, reconciliation, finance
  // statements) as one group.
  const pay = new PayServices({
    models,
    audit,
    conn: deps.conn,
    disclosures: services.disclosures,
    pay: deps.pay ?? null,
  })
  return {
    ...services,
    tableImports,
    schedules,
    clock,
    questions,
    questionPublication: new QuestionPublicationService({ models, audit, clock, questions }),
    questionOverview: new QuestionOverviewService({ models }),
    questionPhotos,
    infoRequests,
    consultations,
    consultationTallies,
    consultationNotices,
    consultationSummary: new ConsultationSummaryService({
      models,
      audit,
      clock,
      disclosures: services.disclosures,
      tallies: consultationTallies,
      consultations,
    }),
    infoRequestReport: new InfoRequestReportService({ models, audit, requests: infoRequests }),
    alignments,
    governmentRows,
    governmentItems,
    disclosurePrefill,
    compliance,
    alignmentVerifications: new AlignmentVerificationsService({
      models,
      audit,
      notifications,
      alignments,
      compliance,
      onChanged: (code, series) => feed.invalidateVillage(code, series),
    }),
    // Alignments stored under older comparison rules, recomputed a batch at a time by the upkeep.
    alignmentRulesSweep: new AlignmentRulesSweep({ models, alignments }),
    crossChecks,
    complianceExport: new ComplianceExportService({ models, compliance }),
    // Open data: public tables as CSV/XLSX and a region's datasets.
    openData: new OpenDataService({ models }),
    posters: new PostersService({ models }),
    speech,
    // 办事指南: county texts, local notes, search with the disclosures' tokenizer.
    serviceGuides: new ServiceGuidesService({
      models,
      audit,
      tokens: { index: cachedSearchIndexFields, query: searchQueryTokens },
      changed: (key) => feed.invalidateGuides(key),
    }),
    // Personal information: the privacy policy, consent, the person's own data and correction requests.
    privacy: createPrivacyService({ models, audit, notifications, contact: deps.config.PRIVACY_CONTACT }),
    privacyExport: createPrivacyExportService({ models, inbox: services.inbox, feed }),
    pay,
    // 四议两公开: decisions publish through the disclosures' review and read their money from the ledger.
    decisions: new DecisionsService({
      models,
      audit,
      disclosures: services.disclosures,
      ledger: pay.ledger,
      clock,
    }),
  }
}

export type Services = ReturnType<typeof createServices>
