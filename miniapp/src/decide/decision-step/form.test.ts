import { toStepRequest, type StepForm } from './form'

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

  it('sends no meeting for steps whose meeting is fixed', () => {
    const r = toStepRequest('review', { ...form, meeting: null })
    expect(r.ok && 'meeting' in r.req).toBe(false)
  })
})
