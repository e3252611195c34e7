/**
 * Stable error codes shared by the BFF and the mini-program. Messages may change; codes do not.
 * Every 4xx/5xx response body is `{ error: { code, message } }` with one of these codes.
 */
export const ErrorCode = {
  NotFound: 'not_found',
  MethodNotAllowed: 'method_not_allowed',
  InvalidJson: 'invalid_json',
  PayloadTooLarge: 'payload_too_large',
  UnsupportedMediaType: 'unsupported_media_type',
  ValidationError: 'validation_error',
  Unauthorized: 'unauthorized',
  Forbidden: 'forbidden',
  Conflict: 'conflict',
  Internal: 'internal_error',
  ServiceUnavailable: 'service_unavailable',
  /** 503: the database could not store a write (its disk is full); the write did not take effect, except as docs/api.md says. */
  StorageFull: 'storage_full',
  UnprocessableEntity: 'unprocessable_entity',
  TooManyRequests: 'too_many_requests',
  // Sign-in and sessions (401 unless noted).
  TokenExpired: 'token_expired',
  TokenInvalid: 'token_invalid',
  SessionRevoked: 'session_revoked',
  RefreshTokenInvalid: 'refresh_token_invalid',
  RefreshTokenReused: 'refresh_token_reused',
  WechatCodeInvalid: 'wechat_code_invalid',
  WechatCodeUsed: 'wechat_code_used',
  /** 429: WeChat limits how often one user may exchange codes. */
  WechatRateLimited: 'wechat_rate_limited',
  /** 502: WeChat answered something unexpected or could not be reached. */
  WechatLoginFailed: 'wechat_login_failed',
  // Memberships and roles.
  /** 409: this person already applied to (or belongs to) this village. */
  AlreadyApplied: 'already_applied',
  /** 422: the household number is not on the village's roster. */
  HouseholdNotOnRoster: 'household_not_on_roster',
  /** 422: the household is on the roster, but the name is none of its people's (docs/households.md). */
  NameNotInHousehold: 'name_not_in_household',
  /**
   * 422: the 户号 was written without its 村民小组, and households of that serial in several groups name the person
   * (docs/households.md): which one is not known.
   */
  HouseholdGroupNeeded: 'household_group_needed',
  /** 409: another account's active membership already holds this person (户号 and name) in the village. */
  PersonAlreadyMember: 'person_already_member',
  /** 409: the application was already decided. */
  AlreadyDecided: 'already_decided',
  /** 409: ending a membership that is not (or no longer) approved: pending, rejected or already ended. */
  MembershipNotActive: 'membership_not_active',
  /** 410: the invite code expired, was used or cancelled, or its maker no longer holds the secretary role. */
  InviteUnavailable: 'invite_unavailable',
  /** 422: switching to a role one does not hold. */
  RoleNotHeld: 'role_not_held',
  /** 422: a role must be granted at its level (secretary at a village, township staff at a township…). */
  RoleLevelMismatch: 'role_level_mismatch',
  /** 409: removing this admin grant would leave its region with no administrator (an admin of it or above). */
  LastAdmin: 'last_admin',
  /** 409: a region file's code year is older than the one stored for a code it names (an explicit flag allows it). */
  RegionCodeYearOlder: 'region_code_year_older',
  /** 422: only a village (村/社区) or a township (乡镇/街道) can be retired (撤并), not a county or above. */
  RegionNotVillage: 'region_not_village',
  /** 422: the village named as taking a retired one over is not an existing village of its own (or is itself). */
  MergeTargetInvalid: 'merge_target_invalid',
  /** 409: a township retired while villages under it are still on their own (each is merged into its new code first). */
  TownshipHasVillages: 'township_has_villages',
  /** 409: undoing the retirement of a village that is not retired. */
  RegionNotRetired: 'region_not_retired',
  /** 422: a disclosure of a retired village for a period that begins on or after its retirement date. */
  VillageRetired: 'village_retired',
  // Notifications.
  /** 403: following a category or item needs a villager role in that village. */
  NotAVillager: 'not_a_villager',
  /** 422: the user is a villager in several villages; say which one. */
  VillageRequired: 'village_required',
  /** 422: a template id the BFF does not send. */
  UnknownTemplate: 'unknown_template',
  /** 422: not a catalog domain or item id. */
  UnknownCategory: 'unknown_category',
  /** 422: the person already follows as many categories and items as one may (`MAX_ACTIVE_SUBSCRIPTIONS`). */
  SubscriptionLimit: 'subscription_limit',
  // Disclosures.
  /** 409: the village already has a disclosure (or an open draft) for this catalog item and period. */
  DisclosureExists: 'disclosure_exists',
  /** 409: a published disclosure is changed by a new version, not edited. */
  DisclosureNotEditable: 'disclosure_not_editable',
  /**
   * 409: the draft changed since the copy the request names (`revision`) was read, or while a submit checked it:
   * someone else saved it meanwhile (docs/api.md, "Editing a draft").
   */
  DisclosureStale: 'disclosure_stale',
  /** 409: the step does not fit the disclosure's current status. */
  InvalidTransition: 'invalid_transition',
  /** 422: table rows fail the catalog item's schema; details list row and column. */
  TableRowsInvalid: 'table_rows_invalid',
  /** 422: rows whose name contradicts the village roster for their 户号, not yet confirmed; details list them. */
  RosterMismatch: 'roster_mismatch',
  /** 422: a list item submitted with no rows and without confirming that this period has none (本月无支出). */
  TableEmpty: 'table_empty',
  /** 422: a version made to correct villagers' objections is submitted identical to the version it corrects. */
  CorrectionUnchanged: 'correction_unchanged',
  /** 429 with Retry-After: the person already has an import running, or the server runs as many as it allows. */
  TooManyImports: 'too_many_imports',
  /** 413 / 415 for uploads. */
  FileTooLarge: 'file_too_large',
  UnsupportedFileType: 'unsupported_file_type',
  // Collective charges and WeChat Pay.
  /** 403: the household is not among the charge's payers, or the user may not pay for it. */
  NotAPayer: 'not_a_payer',
  /** 409: the household already paid this charge. */
  AlreadyPaid: 'already_paid',
  /** 409: the charge is closed and takes no more payments. */
  ChargeClosed: 'charge_closed',
  /** 409: nothing (or less than asked) is left to refund. */
  RefundNotAllowed: 'refund_not_allowed',
  /** 429: the village has as many uploaded vouchers not yet on a ledger entry as it may keep (docs/wechat-pay.md). */
  TooManyVouchers: 'too_many_vouchers',
  /** 429 with Retry-After: refunds of one payment must be at least a minute apart (WeChat Pay's rule). */
  RefundTooSoon: 'refund_too_soon',
  /** 502: WeChat Pay refused the request or could not be reached. */
  PayUnavailable: 'pay_unavailable',
  // The village ledger, finance statements and reconciliation (docs/wechat-pay.md).
  /** 422: a reconciliation date whose WeChat Pay trade bill is not out yet (today, a later day, or before 10:00). */
  BillNotReady: 'bill_not_ready',
  /** 422: a reconciliation date older than WeChat Pay keeps trade bills (three months). */
  BillExpired: 'bill_expired',
  /** 422: a finance statement, or a disclosure of a month's accounts, for a month that has not ended (China time). */
  MonthNotEnded: 'month_not_ended',
  /** 422: a disclosure for a period that has not begun (a plan: before the period before it; docs/catalog.md). */
  PeriodNotStarted: 'period_not_started',
  /** 422: a ledger date after today (China time). */
  DateInFuture: 'date_in_future',
  /** 422: rows of a ledger import that cannot be booked; details list each row's number and reason. */
  LedgerRowsInvalid: 'ledger_rows_invalid',
  /** 409: the ledger entry was already reversed (冲销). */
  AlreadyReversed: 'already_reversed',
  /** 422: an entry that is not corrected by reversal (a WeChat payment or refund, or a reversal itself). */
  NotReversible: 'not_reversible',
  /** 422: redrafting a published finance statement needs a change note (更正说明). */
  ChangeNoteRequired: 'change_note_required',
  // Government items and alignments.
  /** 422: government rows name unknown villages or fail the table schema; details list each row. */
  GovernmentRowsInvalid: 'government_rows_invalid',
  /** 409: the alignment changed (either side published, versioned or retracted) since the officer looked. */
  AlignmentStale: 'alignment_stale',
  // HTTP hardening: malformed requests are the client's mistake, never a 5xx.
  /** 400: a request the server cannot read (a bad path, a malformed header or part). */
  BadRequest: 'bad_request',
  /** 431: the request's headers are larger than the server reads (Node's limit, 16 KB by default). */
  HeadersTooLarge: 'headers_too_large',
  /** 408: the client did not send its headers, or its whole request, in time (docs/http-hardening.md). */
  RequestTimeout: 'request_timeout',
  /** 400: a multipart upload ended before its closing boundary (connection lost, or a truncated body). */
  UploadIncomplete: 'upload_incomplete',
  /** 400: a body whose Content-Encoding (gzip, deflate, br) does not decode. */
  InvalidBodyEncoding: 'invalid_body_encoding',
  /** 429: too many requests from this address or this user; Retry-After says when to try again. */
  RateLimited: 'rate_limited',
  // Personal information (隐私政策, docs/privacy.md).
  /** 409: accepting a privacy policy version that is not the current one (the text changed meanwhile). */
  PrivacyPolicyOutdated: 'privacy_policy_outdated',
  /** 429: too many open correction requests; wait for the village to answer. */
  TooManyCorrections: 'too_many_corrections',
  // Cross-village checks (docs/cross-checks.md).
  /** 422: resolving a cross-check finding needs a reason. */
  ReasonRequired: 'reason_required',
  /** 429: a cross-check of the same region and period is already running. */
  CrossCheckRunning: 'cross_check_running',
  /** 409: the finding changed (another officer acted on it, or a run saw it again) since the officer loaded it. */
  CrossCheckStale: 'cross_check_stale',
  // Questions and objections on disclosures (docs/questions.md).
  /** 422: the WeChat content check judged the text risky; nothing was stored. */
  ContentRisky: 'content_risky',
  /** 422: publishing a question whose text WeChat's check sent to a person's review, without public wording. */
  ContentReview: 'content_review',
  /** 409: the question was already answered or decided. */
  QuestionClosed: 'question_closed',
  /** 422: the question or answer to publish likely carries a minor's details; publish edited public wording. */
  MinorDetails: 'minor_details',
  /** 422: the public wording a secretary wrote holds a personal number or house number the scrubber would mask. */
  PersonalNumbers: 'personal_numbers',
  /** 422: a reply to an information request names a disclosure that does not exist or the public may not open. */
  ReplyItemNotPublic: 'reply_item_not_public',
  /** 409: asking on a superseded version with a row number, which may name another row in the current version. */
  VersionSuperseded: 'version_superseded',
  // Consultations and polls (docs/consultations.md).
  /** 409: the consultation's deadline passed; no answer is taken or changed. */
  ConsultationClosed: 'consultation_closed',
  /** 409: the tally is public only after the deadline. */
  TallyNotReady: 'tally_not_ready',
  /** 403: not a verified member who may take part (or not the household's representative). */
  NotEligible: 'not_eligible',
  /** 403: answering for someone without proxy rights for them. */
  NoProxyRights: 'no_proxy_rights',
  // Decisions (四议两公开, docs/decisions.md).
  /** 409: a deliberation step recorded before the one that must come first. */
  DecisionStepOutOfOrder: 'decision_step_out_of_order',
  /** 409: the decision ended (a step failed or lacked a quorum, or the resolution was recorded); no more steps. */
  DecisionClosed: 'decision_closed',
  /** 422: more votes than people present. */
  VotesExceedAttendance: 'votes_exceed_attendance',
  /** 422: more people present than the meeting counts. */
  AttendanceExceedsBody: 'attendance_exceeds_body',
  /** 422: money or a results disclosure on a decision of the village that did not pass (another village's: 404). */
  DecisionNotPassed: 'decision_not_passed',
  /** 409: 实施结果公开 asked for before the decision's 决议公开 was published. */
  ResolutionNotPublished: 'resolution_not_published',
  // Read aloud (docs/speech.md).
  /** 503: the speech engine failed, timed out or is busy: a server problem, not the client's. */
  SpeechUnavailable: 'speech_unavailable',
  /** 416: a Range header that asks for bytes outside the audio. */
  RangeNotSatisfiable: 'range_not_satisfiable',
  /** 417: an Expect header other than 100-continue. */
  ExpectationFailed: 'expectation_failed',
  // Submissions sent twice (docs/api.md, "Sending a form again").
  /** 409 with Retry-After: the same person's submission of this kind (or with this key) is still being handled. */
  SubmissionInProgress: 'submission_in_progress',
  /** 422: an Idempotency-Key sent again with other content. */
  IdempotencyKeyReused: 'idempotency_key_reused',
  /** Client side only: the request never reached the server or the answer was unreadable. */
  NetworkError: 'network_error',
} as const

/** One of the stable snake_case error codes. Feature issues add their own codes here. */
export type ErrorCodeValue = (typeof ErrorCode)[keyof typeof ErrorCode]
