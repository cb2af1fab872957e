#pragma once
// payplan: the whole model and engine. Loading YAML and CSV is declared in
// payplan/load.hpp and compiled in the payplan library (payplan::payplan);
// presentation (compare summaries, HTML report, statement table) in
// payplan/report.hpp, compiled in payplan::report, is not included here.

#include "payplan/values/calendar.hpp"
#include "payplan/components/commission.hpp"
#include "payplan/components/contest.hpp"
#include "payplan/engine/crediting.hpp"
#include "payplan/values/currency.hpp"
#include "payplan/engine/engine.hpp"
#include "payplan/engine/pay_history.hpp"
#include "payplan/values/error.hpp"
#include "payplan/values/gross.hpp"
#include "payplan/values/ids.hpp"
#include "payplan/model/deal_credits.hpp"
#include "payplan/model/ledger.hpp"
#include "payplan/values/money.hpp"
#include "payplan/model/org.hpp"
#include "payplan/model/pay_history.hpp"
#include "payplan/components/override.hpp"
#include "payplan/model/plan.hpp"
#include "payplan/values/rate.hpp"
#include "payplan/components/rebate.hpp"
#include "payplan/engine/result.hpp"
#include "payplan/values/rounding.hpp"
#include "payplan/components/team.hpp"
#include "payplan/model/tiers.hpp"
#include "payplan/model/transfer_terms.hpp"
#include "payplan/engine/compare.hpp"
#include "payplan/engine/measured.hpp"
#include "payplan/engine/partitioned.hpp"
