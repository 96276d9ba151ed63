import * as events from 'aws-cdk-lib/aws-events';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import type { Settings } from '../description/settings';

/** Props of a {@link HubEventBus}. */
export interface HubEventBusProps extends Pick<Settings, 'organizationId' | 'spokeAccountIds'> {
  /** The bus's name (unique in the account and region). */
  readonly eventBusName: string;
}

/**
 * The hub's event bus: the spokes (templates/spoke.yaml) forward their pipeline, build and deployment
 * events here, from the organisation's accounts and/or the listed ones.
 *
 * @example
 * ```ts
 * new HubEventBus(this, 'Hub', { eventBusName: 'pipewright-hub', organizationId: 'o-a1b2c3d4e5', spokeAccountIds: [] });
 * ```
 */
export class HubEventBus extends Construct {
  readonly eventBus: events.EventBus;

  constructor(scope: Construct, id: string, props: HubEventBusProps) {
    super(scope, id);
    this.eventBus = new events.EventBus(this, 'Bus', { eventBusName: props.eventBusName });
    const putEvents = (sid: string, conditions: Record<string, unknown>) =>
      this.eventBus.addToResourcePolicy(
        new iam.PolicyStatement({
          sid,
          principals: [new iam.AnyPrincipal()],
          actions: ['events:PutEvents'],
          resources: [this.eventBus.eventBusArn],
          conditions,
        }),
      );
    if (props.organizationId !== '') {
      putEvents('OrganizationPutsEvents', { StringEquals: { 'aws:PrincipalOrgID': props.organizationId } });
    }
    if (props.spokeAccountIds.length > 0) {
      putEvents('SpokeAccountsPutEvents', {
        StringEquals: { 'aws:PrincipalAccount': [...props.spokeAccountIds] },
      });
    }
  }
}
