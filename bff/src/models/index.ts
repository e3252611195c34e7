import type { Connection } from 'mongoose'
import { auditEventModel } from './AuditEvent.model'
import { catalogVersionModel } from './CatalogVersion.model'
import { disclosureModel } from './Disclosure.model'
import { tableImportModel } from './TableImport.model'
import { tableImportChunkModel } from './TableImportChunk.model'
import { householdModel } from './Household.model'
import { inviteModel } from './Invite.model'
import { membershipModel } from './Membership.model'
import { proxyModel } from './Proxy.model'
import { regionModel } from './Region.model'
import { sessionModel } from './Session.model'
import { userModel } from './User.model'
import { RETIRED_SUBSCRIPTION_INDEXES, subscriptionActiveKey, subscriptionModel } from './Subscription.model'
import { subscriptionCreditModel } from './SubscriptionCredit.model'
import { outboxModel } from './Outbox.model'
import { inboxEntryModel } from './InboxEntry.model'
import { inboxReadModel } from './InboxRead.model'
import { notificationEventModel } from './NotificationEvent.model'
import { chargeModel } from './Charge.model'
import { paymentOrderModel } from './PaymentOrder.model'
import { paymentRefundModel } from './PaymentRefund.model'
import { ledgerEntryModel } from './LedgerEntry.model'
import { reconciliationModel } from './Reconciliation.model'
import { unattributedBillLinesModel } from './UnattributedBillLines.model'
import { ledgerImportModel } from './LedgerImport.model'
import { governmentItemModel } from './GovernmentItem.model'
import { governmentRowModel } from './GovernmentRow.model'
import { alignmentModel } from './Alignment.model'
import { complianceRowModel } from './ComplianceRow.model'
import { villageComplianceModel } from './VillageCompliance.model'
import { correctionRequestModel } from './CorrectionRequest.model'
import { questionModel } from './Question.model'
import { questionPhotoModel } from './QuestionPhoto.model'
import { infoRequestModel } from './InfoRequest.model'
import { infoRequestAppealsModel } from './InfoRequestAppeals.model'
import { crossCheckFindingModel } from './CrossCheckFinding.model'
import { crossCheckKeysModel } from './CrossCheckKeys.model'
import { crossCheckRunModel } from './CrossCheckRun.model'
import { feedVersionModel } from './FeedVersion.model'
import { submissionGuardModel } from './SubmissionGuard.model'
import { jobLeaseModel } from './JobLease.model'
import { decisionModel } from './Decision.model'
import { consultationModel } from './Consultation.model'
import { consultationAnswerModel } from './ConsultationAnswer.model'
import { serviceGuideModel } from './ServiceGuide.model'
import { serviceGuideNoteModel } from './ServiceGuideNote.model'

/** Every model, registered on one connection (tests open several connections side by side). */
export function createModels(conn: Connection) {
  return {
    User: userModel(conn),
    Session: sessionModel(conn),
    Region: regionModel(conn),
    Household: householdModel(conn),
    Membership: membershipModel(conn),
    Invite: inviteModel(conn),
    Proxy: proxyModel(conn),
    AuditEvent: auditEventModel(conn),
    CatalogVersion: catalogVersionModel(conn),
    Subscription: subscriptionModel(conn),
    SubscriptionCredit: subscriptionCreditModel(conn),
    Outbox: outboxModel(conn),
    InboxEntry: inboxEntryModel(conn),
    InboxRead: inboxReadModel(conn),
    NotificationEvent: notificationEventModel(conn),
    Disclosure: disclosureModel(conn),
    TableImport: tableImportModel(conn),
    TableImportChunk: tableImportChunkModel(conn),
    Charge: chargeModel(conn),
    PaymentOrder: paymentOrderModel(conn),
    PaymentRefund: paymentRefundModel(conn),
    LedgerEntry: ledgerEntryModel(conn),
    Reconciliation: reconciliationModel(conn),
    UnattributedBillLines: unattributedBillLinesModel(conn),
    LedgerImport: ledgerImportModel(conn),
    GovernmentItem: governmentItemModel(conn),
    GovernmentRow: governmentRowModel(conn),
    Alignment: alignmentModel(conn),
    ComplianceRow: complianceRowModel(conn),
    VillageCompliance: villageComplianceModel(conn),
    CorrectionRequest: correctionRequestModel(conn),
    CrossCheckFinding: crossCheckFindingModel(conn),
    CrossCheckRun: crossCheckRunModel(conn),
    CrossCheckKeys: crossCheckKeysModel(conn),
    FeedVersion: feedVersionModel(conn),
    SubmissionGuard: submissionGuardModel(conn),
    JobLease: jobLeaseModel(conn),
    Question: questionModel(conn),
    QuestionPhoto: questionPhotoModel(conn),
    InfoRequest: infoRequestModel(conn),
    InfoRequestAppeals: infoRequestAppealsModel(conn),
    Decision: decisionModel(conn),
    Consultation: consultationModel(conn),
    ConsultationAnswer: consultationAnswerModel(conn),
    ServiceGuide: serviceGuideModel(conn),
    ServiceGuideNote: serviceGuideNoteModel(conn),
  }
}

/** The models of one connection. */
export type Models = ReturnType<typeof createModels>

/** Builds every index (and collection) up front so unique constraints hold from the first request. */
export async function syncIndexes(models: Models): Promise<void> {
  for (const model of Object.values(models)) await model.init()
  // Indexes replaced by newer ones (init() only adds): dropped when a database from an earlier version has them.
  const existing = new Set((await models.Subscription.collection.indexes()).map((i) => i.name))
  for (const name of RETIRED_SUBSCRIPTION_INDEXES) {
    if (existing.has(name)) await models.Subscription.collection.dropIndex(name)
  }
  // Subscriptions from before lifetimes existed: active, keyed so that following again finds them.
  for await (const s of models.Subscription.find({ activeKey: { $exists: false } })
    .lean()
    .cursor()) {
    await models.Subscription.updateOne(
      { _id: s._id, activeKey: { $exists: false } },
      { $set: { activeKey: subscriptionActiveKey(s), endedAt: null } },
    )
  }
}
