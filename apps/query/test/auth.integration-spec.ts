import { describeAuthConformance } from '@artstore/testing';
import { query } from './query-under-test';

describeAuthConformance(query);
