// The hand-sized dataset of the TEMPO scorer's metric tests: three connections (a CRM, a PRM
// and an overlap export) describing three partners, five companies, eleven deals and ten
// leads, plus a connection whose last sync failed and a partner that does not exist yet at the
// as-of date. Every expected number in tempo_metrics_test.cc is worked out by hand from this
// text; the comments give the facts the arithmetic uses.
//
// Scored as of 2026-06-30 (the end of that day) with a 365-day window: "in the window" means
// dated 2025-07-01 to 2026-06-30.
#ifndef TEMPO_TESTS_UNIT_SCORER_HAND_DATASET_H_
#define TEMPO_TESTS_UNIT_SCORER_HAND_DATASET_H_

namespace tempo::testing {

// Small thresholds and priors, so that a handful of rows is a sample: shrinkage with the
// strength of 2 records, 2 records per arm; par win-rate lift 50% (normalized lin(0, 1)).
inline constexpr const char* kHandScorer = R"(scorers:
  - name: tempo
    plugin: tempo
    config:
      alpha_deals: 2
      alpha_leads: 2
      alpha_accounts: 2
      min_deals: 2
      min_leads: 2
      min_partner_leads: 2
      min_events: 2
      min_accounts: 2
      min_retention_arm: 1
      par_win_rate_lift: 0.5
)";

inline constexpr const char* kHandDataset = R"sql(
-- Partners. Acme has a row in the PRM and one in the CRM (its name in another case), both with
-- its domain: one partner, key domain:acme.io, standing for it the CRM row (crm sorts before
-- prm). Future Co's partnership starts after the as-of date; Delta's connection failed.
INSERT INTO partner (connection, source_id, name, domain, partnered_at) VALUES
  ('prm', 'P1', 'Acme Cloud', 'acme.io', '2023-01-01'),
  ('crm', 'PA', 'ACME Cloud', 'acme.io', NULL),
  ('prm', 'P2', 'Beta Partners', 'beta.com', '2023-01-01'),
  ('prm', 'P3', 'Gamma', 'gamma.net', '2023-01-01'),
  ('prm', 'P4', 'Future Co', 'future.co', '2026-07-01'),
  ('broken', 'PX', 'Delta', 'delta.io', '2023-01-01');

-- Companies. Customers on 2026-06-30: one.com and two.com (four.com churned 2026-01-15).
-- Customers on 2025-06-30 (the window's start): one, two and four.
INSERT INTO account (connection, source_id, name, domain, lifecycle, customer_since,
                     churned_at, arr_usd) VALUES
  ('crm', 'A1', 'One', 'one.com', 'customer', '2024-01-01', NULL, 100),
  ('crm', 'A2', 'Two', 'two.com', 'customer', '2024-01-01', NULL, 200),
  ('crm', 'A3', 'Three', 'three.com', 'prospect', NULL, NULL, NULL),
  ('crm', 'A4', 'Four', 'four.com', 'former_customer', '2024-01-01', '2026-01-15', 50),
  ('crm', 'A5', 'Five', 'five.com', 'prospect', NULL, NULL, NULL),
  ('prm', 'AC1', 'One (PRM)', 'one.com', NULL, NULL, NULL, NULL),
  ('prm', 'AC2', 'Two (PRM)', 'two.com', NULL, NULL, NULL, NULL),
  ('prm', 'AC3', 'Three (PRM)', 'three.com', NULL, NULL, NULL, NULL);

-- Deals. Closed in the window: O1 won, O2 won, O3 lost, O4 won, O6 lost, O9 won, O10 lost,
-- O11 lost (8 closed, 4 won). Won with a USD amount: O1 $1,000, O2 $3,000, O4 $5,000 ($9,000;
-- O9 is in EUR without a USD amount). Open on 2026-06-30 with an amount: O5 $4,000 and O8
-- $1,100 (O8 closed only on 2026-08-01). O7 was created after the as-of date: invisible.
INSERT INTO opportunity (connection, source_id, account_source_id, opp_type, amount, currency,
                         amount_usd, is_closed, is_won, created_at, closed_at) VALUES
  ('crm', 'O1', 'A1', 'new', 1000, 'USD', NULL, 1, 1, '2025-08-01', '2025-09-30'),
  ('crm', 'O2', 'A2', 'new', 3000, 'USD', NULL, 1, 1, '2025-09-01', '2025-10-01'),
  ('crm', 'O3', 'A3', 'new', 2000, 'USD', NULL, 1, 0, '2025-10-01', '2025-12-01'),
  ('crm', 'O4', 'A4', 'renewal', 5000, 'USD', NULL, 1, 1, '2025-11-01', '2025-12-31'),
  ('crm', 'O5', 'A5', 'new', 4000, 'USD', NULL, 0, 0, '2026-05-01', '2026-09-30'),
  ('crm', 'O6', 'A1', 'expansion', 800, 'USD', NULL, 1, 0, '2026-01-01', '2026-02-01'),
  ('crm', 'O7', 'A3', 'new', 1500, 'USD', NULL, 1, 1, '2026-07-05', '2026-07-20'),
  ('crm', 'O8', 'A2', 'new', 999, 'EUR', 1100, 1, 1, '2026-04-01', '2026-08-01'),
  ('crm', 'O9', 'A5', 'new', 700, 'EUR', NULL, 1, 1, '2025-12-01', '2026-01-10'),
  ('crm', 'O10', 'A4', 'new', 600, 'USD', NULL, 1, 0, '2026-02-01', '2026-03-01'),
  ('crm', 'O11', 'A4', 'new', 2000, 'USD', NULL, 1, 0, '2026-03-01', '2026-04-30');

-- Attributions: Acme sourced O1 (by the CRM's partner row PA) and influenced O2; Beta
-- influenced O2 (named, no partner row in the CRM: resolved by name); a partner no row has
-- influenced O6.
INSERT INTO opportunity_partner (connection, source_id, opportunity_source_id,
                                 partner_source_id, partner_name, role, is_primary) VALUES
  ('crm', 'OP1', 'O1', 'PA', NULL, 'sourced', 1),
  ('crm', 'OP2', 'O2', NULL, 'Beta Partners', 'influenced', 0),
  ('crm', 'OP3', 'O2', 'PA', NULL, 'influenced', 1),
  ('crm', 'OP4', 'O6', NULL, 'Unknown Co', 'influenced', 1);

-- Overlaps: three.com and one.com are Acme's customers, five.com is Beta's; two.com is only a
-- prospect of Beta's (not a customer: no presence).
INSERT INTO overlap (connection, source_id, provider, partner_name, partner_domain,
                     account_domain, our_population, partner_population, snapshot_at) VALUES
  ('xb', 'X1', 'csv', 'Acme', 'acme.io', 'three.com', 'prospect', 'customer', '2026-06-01'),
  ('xb', 'X2', 'csv', 'Acme', 'acme.io', 'one.com', 'customer', 'customer', '2026-06-01'),
  ('xb', 'X3', 'csv', 'Beta', 'beta.com', 'five.com', 'open_opp', 'customer', '2026-06-01'),
  ('xb', 'X4', 'csv', 'Beta', 'beta.com', 'two.com', 'customer', 'prospect', '2026-06-01');

-- Leads, all created in the window. Converted: L1, L3, L5 (L6 names O7, which did not exist
-- yet). EQLs: L1, L2 referred by Acme; L9, L10 referred by Beta; L3 from three.com (Acme's
-- customer), L4 from five.com (Beta's). Qualified leads that are no EQL: L5, L6, L8 (L7 has
-- no mql_at). L1 (Mon 2026-03-02) was answered the next day; L2 (Fri 2026-03-06) only on
-- Wed 03-11, after its 2-business-day deadline (Tue 03-10); L9 and L10 the next day.
INSERT INTO lead (connection, source_id, account_source_id, partner_source_id,
                  converted_opportunity_source_id, created_at, mql_at, first_response_at)
VALUES
  ('crm', 'L1', NULL, 'PA', 'O5', '2026-03-02', '2026-03-02', '2026-03-03T10:00:00Z'),
  ('crm', 'L2', NULL, 'PA', NULL, '2026-03-06', '2026-03-06', '2026-03-11T10:00:00Z'),
  ('crm', 'L3', 'A3', NULL, 'O3', '2026-04-01', '2026-04-01', NULL),
  ('crm', 'L4', 'A5', NULL, NULL, '2026-04-02', '2026-04-02', NULL),
  ('crm', 'L5', 'A2', NULL, 'O2', '2026-04-03', '2026-04-03', NULL),
  ('crm', 'L6', NULL, NULL, 'O7', '2026-04-04', '2026-04-04', NULL),
  ('crm', 'L7', NULL, NULL, NULL, '2026-04-05', NULL, NULL),
  ('crm', 'L8', 'A4', NULL, NULL, '2026-04-06', '2026-04-06', NULL),
  ('prm', 'L9', NULL, 'P2', NULL, '2026-05-04', '2026-05-04', '2026-05-05T10:00:00Z'),
  ('prm', 'L10', NULL, 'P2', NULL, '2026-05-04', '2026-05-04', '2026-05-05T10:00:00Z');

-- Acme's integration and its installs: on one.com since 2025-10-15 (in the window), on
-- two.com from 2025-03-01 to 2026-02-01.
INSERT INTO integration (connection, source_id, partner_source_id, name, status, released_at)
VALUES ('prm', 'I1', 'P1', 'Acme Sync', 'ga', '2025-01-01');
INSERT INTO integration_install (connection, source_id, account_source_id,
                                 integration_source_id, installed_at, uninstalled_at) VALUES
  ('prm', 'N1', 'AC1', 'I1', '2025-10-15', NULL),
  ('prm', 'N2', 'AC2', 'I1', '2025-03-01', '2026-02-01');

-- Beta's co-marketing campaign, and the partner activities.
INSERT INTO campaign (connection, source_id, name, partner_source_id, start_at)
VALUES ('prm', 'C1', 'Beta webinar', 'P2', '2026-04-15');
INSERT INTO partner_activity (connection, source_id, partner_source_id, account_source_id,
                              kind, occurred_at) VALUES
  ('prm', 'AC-1', 'P1', 'AC3', 'intro_given', '2026-02-10'),
  ('prm', 'AC-2', 'P1', NULL, 'intro_received', '2026-02-20'),
  ('prm', 'AC-3', 'P2', NULL, 'joint_call', '2026-05-05');
)sql";

}  // namespace tempo::testing

#endif  // TEMPO_TESTS_UNIT_SCORER_HAND_DATASET_H_
