import Router from '@koa/router'
import { z } from 'zod'
import {
  DivisionCodeSchema,
  InfoRequestConsultSchema,
  InfoRequestCorrectionNoticeSchema,
  InfoRequestCorrectSchema,
  InfoRequestCreateSchema,
  InfoRequestExtendSchema,
  InfoRequestParamsSchema,
  InfoRequestReplySchema,
  InfoRequestAppealsSchema,
  InfoRequestReportQuerySchema,
  shanghaiDateOf,
} from '@cunwu/domain'
import type { AppDeps } from '../../deps'
import { auth } from '../../middlewares/auth'
import { submissionGuard } from '../../middlewares/submissions'
import { inputOf, validate } from '../../middlewares/validate'
import type { InfoRequest } from '../../models/InfoRequest.model'
import { presentInfoRequest } from '../../presenters/info-request.presenter'
import { replyByText } from '../../services/info-request-progress'
import { actorOf, currentUser } from '../actor'

const Create = { body: InfoRequestCreateSchema }
const ById = { params: InfoRequestParamsSchema }
const Notice = { params: InfoRequestParamsSchema, body: InfoRequestCorrectionNoticeSchema }
const Correct = { params: InfoRequestParamsSchema, body: InfoRequestCorrectSchema }
const Extend = { params: InfoRequestParamsSchema, body: InfoRequestExtendSchema }
const Consult = { params: InfoRequestParamsSchema, body: InfoRequestConsultSchema }
const Reply = { params: InfoRequestParamsSchema, body: InfoRequestReplySchema }
const Office = { params: z.object({ code: DivisionCodeSchema }) }
const Report = { params: Office.params, query: InfoRequestReportQuerySchema }
const Appeals = {
  params: Office.params,
  query: InfoRequestReportQuerySchema.pick({ year: true }),
  body: InfoRequestAppealsSchema,
}

/** 依申请公开 (government information requests); rules in docs/info-requests.md. */
export function infoRequestsRouter(deps: AppDeps): Router {
  const router = new Router()
  const requireAuth = auth(() => deps.services().auth)
  const svc = () => deps.services().infoRequests
  const today = () => shanghaiDateOf(deps.services().clock.now())
  const asOffice = (r: InfoRequest) =>
    presentInfoRequest(r, 'office', today(), svc().correctionNoticeLastDay(r))

  const guard = submissionGuard('info_request.create', () => deps.services().models)
  router.post('/info-requests', requireAuth, validate(Create), guard, async function createInfoRequest(ctx) {
    const r = await svc().create(inputOf(ctx, Create).body, currentUser(ctx), actorOf(ctx))
    ctx.status = 201
    ctx.body = {
      ...presentInfoRequest(r, 'requester', today()),
      acknowledgement: `您的政府信息公开申请已登记，编号${r.number}。我们会在${replyByText(r)}。`,
    }
  })

  router.get('/me/info-requests', requireAuth, async function myInfoRequests(ctx) {
    const list = await svc().mine(currentUser(ctx))
    ctx.body = { requests: list.map((r) => presentInfoRequest(r, 'requester', today())) }
  })

  router.get(
    '/regions/:code/info-requests',
    requireAuth,
    validate(Office),
    async function officeInfoRequests(ctx) {
      const list = await svc().forOffice(inputOf(ctx, Office).params.code, currentUser(ctx))
      ctx.body = { requests: list.map((r) => asOffice(r)) }
    },
  )

  router.get('/info-requests/:id', requireAuth, validate(ById), async function getInfoRequest(ctx) {
    const { request, viewer } = await svc().get(inputOf(ctx, ById).params.id, currentUser(ctx))
    ctx.body = viewer === 'office' ? asOffice(request) : presentInfoRequest(request, viewer, today())
  })

  router.post(
    '/info-requests/:id/correction-notice',
    requireAuth,
    validate(Notice),
    async function notice(ctx) {
      const { params, body } = inputOf(ctx, Notice)
      const r = await svc().correctionNotice(params.id, body, currentUser(ctx), actorOf(ctx))
      ctx.body = asOffice(r)
    },
  )

  router.post('/info-requests/:id/correct', requireAuth, validate(Correct), async function correct(ctx) {
    const { params, body } = inputOf(ctx, Correct)
    const r = await svc().correct(params.id, body, currentUser(ctx), actorOf(ctx))
    ctx.body = presentInfoRequest(r, 'requester', today())
  })

  router.post('/info-requests/:id/extend', requireAuth, validate(Extend), async function extend(ctx) {
    const { params, body } = inputOf(ctx, Extend)
    ctx.body = asOffice(await svc().extend(params.id, body.reason, currentUser(ctx), actorOf(ctx)))
  })

  router.post('/info-requests/:id/consultation', requireAuth, validate(Consult), async function consult(ctx) {
    const { params, body } = inputOf(ctx, Consult)
    const r = await svc().consult(params.id, body.action, body.party, currentUser(ctx), actorOf(ctx))
    ctx.body = asOffice(r)
  })

  router.post('/info-requests/:id/reply', requireAuth, validate(Reply), async function reply(ctx) {
    const { params, body } = inputOf(ctx, Reply)
    ctx.body = asOffice(await svc().reply(params.id, body, currentUser(ctx), actorOf(ctx)))
  })

  router.post('/info-requests/:id/archive', requireAuth, validate(ById), async function archive(ctx) {
    const r = await svc().archive(inputOf(ctx, ById).params.id, currentUser(ctx), actorOf(ctx))
    ctx.body = asOffice(r)
  })
  // The 依申请公开 table of the office's annual report, as JSON or .xlsx, computed from the records.
  router.get(
    '/regions/:code/info-requests/annual-report',
    requireAuth,
    validate(Report),
    async function annualReport(ctx) {
      const { params, query } = inputOf(ctx, Report)
      const reports = deps.services().infoRequestReport
      const report = await reports.report(params.code, query.year, currentUser(ctx))
      ctx.set('Cache-Control', 'no-store')
      if (query.format === 'xlsx') {
        ctx.set(
          'Content-Disposition',
          `attachment; filename="info-requests-${params.code}-${query.year}.xlsx"`,
        )
        ctx.type = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'
        ctx.body = await reports.workbook(report)
        return
      }
      ctx.body = report
    },
  )

  // Section 四 (reconsideration and litigation counts) is entered by hand.
  router.post(
    '/regions/:code/info-requests/annual-report/appeals',
    requireAuth,
    validate(Appeals),
    async function setAppeals(ctx) {
      const { params, query, body } = inputOf(ctx, Appeals)
      await deps
        .services()
        .infoRequestReport.setAppeals(params.code, query.year, body, currentUser(ctx), actorOf(ctx))
      ctx.status = 204
    },
  )
  return router
}
