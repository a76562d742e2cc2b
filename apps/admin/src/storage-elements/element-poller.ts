import { Inject, Injectable } from '@nestjs/common';
import type { StorageElementInfo } from '@artstore/contracts';
import { APP_LOGGER, type AppLogger } from '@artstore/platform';
import { ElementApiAdapter } from './element-api.adapter';
import { nextPollCounters } from './element-status';
import { ElementsConfigPublication } from './elements-config.publication';
import { StorageElementsRepository, type ElementEntry } from './storage-elements.repository';

export interface PollReport {
  polled: number;
  reached: number;
  status_changes: { id: string; from: string; to: string }[];
}

/** One health and capacity round over every registered element, then a fresh publication. */
@Injectable()
export class ElementPoller {
  constructor(
    private readonly elements: StorageElementsRepository,
    private readonly api: ElementApiAdapter,
    private readonly publication: ElementsConfigPublication,
    @Inject(APP_LOGGER) private readonly logger: AppLogger,
  ) {}

  async pollAll(): Promise<PollReport> {
    const entries = await this.elements.list();
    const results = await Promise.all(entries.map((entry) => this.pollOne(entry)));
    const report: PollReport = { polled: entries.length, reached: 0, status_changes: [] };
    for (const result of results) {
      report.reached += result.reached ? 1 : 0;
      if (result.from !== result.to) {
        report.status_changes.push({ id: result.id, from: result.from, to: result.to });
      }
    }
    if (report.status_changes.length > 0) {
      this.logger.info({ status_changes: report.status_changes }, 'storage element status changed');
    }
    // Every round publishes, which also keeps the configuration younger than the 30 s SPEC allows.
    await this.publication.publishQuietly();
    return report;
  }

  private async pollOne(entry: ElementEntry) {
    const { record, counters } = entry;
    let info: StorageElementInfo | undefined;
    try {
      info = await this.api.readInfo(record.url);
      if (info.element_id !== record.id) {
        this.logger.warn(
          { element_id: record.id, url: record.url, answered_as: info.element_id },
          'another element answers at this url',
        );
        info = undefined;
      }
    } catch (error) {
      this.logger.debug({ err: error, element_id: record.id }, 'storage element poll failed');
    }
    const next = nextPollCounters(
      counters,
      info ? { reached: true, reported: info.status } : { reached: false },
    );
    await this.elements.recordPoll(record.id, next, info);
    return { id: record.id, reached: info !== undefined, from: counters.status, to: next.status };
  }
}
