import type { ChannelFilters } from '../../../functions/chat-delivery/channels';
import { wants } from '../../../functions/chat-delivery/routing';
import { sampleNotification } from './fixtures';

const all: ChannelFilters = { sources: [], severities: [], states: [], resources: [], ignoreResources: [] };
const prodFailure = sampleNotification('pipeline-failed'); // pipewright-prod, FAILED, critical
const devStop = sampleNotification('pipeline-stopped'); // pipewright-dev, STOPPED, warning
const recovery = sampleNotification('pipeline-recovered'); // pipewright-prod, SUCCEEDED labelled RECOVERED
const deployment = sampleNotification('codedeploy-failed'); // codedeploy, FAILURE labelled FAILED

describe('which channels take a notification', () => {
  it('takes everything when a channel has no filter', () => {
    expect([prodFailure, devStop, recovery, deployment].every((n) => wants(all, n))).toBe(true);
  });

  it('takes prod failures only, for an #incidents channel', () => {
    const incidents = { ...all, severities: ['critical'], resources: ['*-prod*'] };

    expect([prodFailure, devStop, recovery, deployment].map((n) => wants(incidents, n))).toEqual([
      true,
      false,
      false,
      true,
    ]);
  });

  it('matches a state as the event says it or as labelled, in any case', () => {
    expect(wants({ ...all, states: ['failure'] }, deployment)).toBe(true);
    expect(wants({ ...all, states: ['FAILED'] }, deployment)).toBe(true);
    expect(wants({ ...all, states: ['RECOVERED'] }, recovery)).toBe(true);
    expect(wants({ ...all, states: ['RECOVERED'] }, prodFailure)).toBe(false);
  });

  it('filters by source, and leaves out ignored resources', () => {
    expect(wants({ ...all, sources: ['codedeploy'] }, deployment)).toBe(true);
    expect(wants({ ...all, sources: ['codedeploy'] }, prodFailure)).toBe(false);
    expect(wants({ ...all, ignoreResources: ['pipewright-dev'] }, devStop)).toBe(false);
    expect(wants({ ...all, ignoreResources: ['pipewright-dev'] }, prodFailure)).toBe(true);
  });
});
