#pragma once
// payplan: the whole model and engine. Loading YAML and CSV is declared in
// payplan/load.hpp and compiled in the payplan library (payplan::payplan);
// presentation (compare summaries, HTML report, statement table) in
// payplan/report.hpp, compiled in payplan::report, is not included here.

#include "payplan/calendar.hpp"
#include "payplan/commission.hpp"
#include "payplan/contest.hpp"
#include "payplan/crediting.hpp"
#include "payplan/currency.hpp"
#include "payplan/engine.hpp"
#include "payplan/error.hpp"
#include "payplan/gross.hpp"
#include "payplan/ids.hpp"
#include "payplan/ledger.hpp"
#include "payplan/money.hpp"
#include "payplan/org.hpp"
#include "payplan/override.hpp"
#include "payplan/plan.hpp"
#include "payplan/rate.hpp"
#include "payplan/rebate.hpp"
#include "payplan/result.hpp"
#include "payplan/rounding.hpp"
#include "payplan/team.hpp"
#include "payplan/tiers.hpp"
#include "payplan/transfer_terms.hpp"
#include "payplan/compare.hpp"
