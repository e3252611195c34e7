import { buildConsultation } from '../../../test/support/consult-builders'
import { consultationsForMeeting, toStepRequest, type StepForm } from './form'

const form: StepForm = {
  heldOn: '2026-11-10',
  meeting: 'representatives',
  bodySize: '30',
  present: '21',
  for: '18',
  against: '2',
  abstain: '1',
  motion: '每户筹资 30 元',
  note: '',
}

describe('toStepRequest', () => {
  it('builds the resolution request and explains the quorum before it is sent', () => {
    const r = toStepRequest('resolution', form)
    if (!r.ok) throw new Error(r.message)
    expect(r.req).toMatchObject({
      step: 'resolution',
      meeting: 'representatives',
      present: 21,
      votes: { for: 18 },
    })
    expect(r.preview.join('')).toContain('至少 20 人')
  })

  it('answers impossible counts in plain words before anything is sent', () => {
    expect(toStepRequest('resolution', { ...form, present: '31' })).toEqual({
      ok: false,
      message: '实到人数不能多于应到人数',
    })
    expect(toStepRequest('resolution', { ...form, for: '20' })).toEqual({
      ok: false,
      message: '三种票数加起来不能多于实到人数',
    })
    expect(toStepRequest('resolution', { ...form, meeting: null }).ok).toBe(false)
    expect(toStepRequest('proposal', { ...form, meeting: null, bodySize: 'x' }).ok).toBe(false)
  })

  it('reads the meeting date as people type it, and says what to write when it cannot', () => {
    for (const heldOn of [' 2026-12-07', '２０２６-１２-０７', '2026-12-7', '2026年12月7日']) {
      const r = toStepRequest('resolution', { ...form, heldOn })
      expect(r.ok && r.req.heldOn).toBe('2026-12-07')
    }
    expect(toStepRequest('resolution', { ...form, heldOn: '12月7日' })).toEqual({
      ok: false,
      message: '会议日期请写成 2026-11-10 或 2026年11月10日 这样',
    })
    expect(toStepRequest('resolution', { ...form, heldOn: '2026-02-30' })).toEqual({
      ok: false,
      message: '会议日期不存在（2026-02-30），请核对',
    })
  })

  it('sends no meeting for steps whose meeting is fixed', () => {
    const r = toStepRequest('review', { ...form, meeting: null })
    expect(r.ok && 'meeting' in r.req).toBe(false)
  })
})

describe('consultationsForMeeting', () => {
  // Closed on 12月10日 23:30 and 12月11日 00:30 Beijing time (15:30 and 16:30 UTC on the 10th).
  const lateOn10th = buildConsultation({
    id: 'a'.repeat(24),
    closed: true,
    deadline: '2026-12-10T15:30:00.000Z',
  })
  const earlyOn11th = buildConsultation({
    id: 'b'.repeat(24),
    closed: true,
    deadline: '2026-12-10T16:30:00.000Z',
  })
  const running = buildConsultation({
    id: 'c'.repeat(24),
    closed: false,
    deadline: '2026-12-01T00:00:00.000Z',
  })

  it('offers only closed consultations whose deadline (Beijing date) is on or before the meeting day', () => {
    const list = [lateOn10th, earlyOn11th, running]
    expect(consultationsForMeeting(list, '2026-12-09').map((c) => c.id)).toEqual([])
    expect(consultationsForMeeting(list, '2026-12-10').map((c) => c.id)).toEqual([lateOn10th.id])
    expect(consultationsForMeeting(list, '2026-12-11').map((c) => c.id)).toEqual([
      lateOn10th.id,
      earlyOn11th.id,
    ])
  })

  it('offers none while the meeting date is not a date yet', () => {
    expect(consultationsForMeeting([lateOn10th], '2026-12')).toEqual([])
  })

  it('reads the meeting date as typed, full-width or 年月日', () => {
    expect(consultationsForMeeting([lateOn10th], '２０２６年１２月１０日').map((c) => c.id)).toEqual([
      lateOn10th.id,
    ])
  })
})
