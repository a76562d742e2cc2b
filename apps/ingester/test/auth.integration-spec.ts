import { describeAuthConformance } from '@artstore/testing';
import { ingester } from './ingester-under-test';

describeAuthConformance(ingester);
