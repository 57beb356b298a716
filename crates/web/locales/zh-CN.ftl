# Tandem — 简体中文
app-name = 产教融合一站式服务平台
skip-to-content = 跳到正文
nav-label = 主菜单
nav-home = 首页
nav-orgs = 组织机构
nav-enterprises = 企业
nav-people = 人员
nav-audit = 审计日志
sign-out = 退出登录
footer-text = Tandem — 学校与合作单位共建的产教融合一站式服务平台。

# sign-in
signin-title = 登录
signin-lead = 请使用邮箱和密码登录。
signin-submit = 登录
signin-failed = 邮箱或密码错误。
signin-throttled = 失败次数过多，请 { $minutes } 分钟后再试。
signin-demo-title = 演示账号
signin-demo-body = 所有演示账号的密码均为 tandem-demo。

# home
home-title = 产教融合概览
home-lead = 现代产业学院、实践教学中心、实验室、合作企业，以及在其中协作的人员。
home-figures = 主要数据
home-people-by-role = 各角色人数
home-my-orgs = 我所在的单位
home-no-memberships = 您尚未加入任何单位。请联系平台管理员或学校管理人员为您添加。
figure-colleges = 现代产业学院
figure-centres = 实践教学中心
figure-labs = 实验室
figure-enterprises = 企业
figure-people = 人员

# shared words
add = 添加
remove = 移除
edit = 编辑
save = 保存
cancel = 取消
yes = 是
no = 否
none = 暂无。
no-results = 没有符合条件的记录。
and = 且
or = 或
back-home = 返回首页
form-has-errors = 请修改下列标出的字段。
filter-search = 搜索
filter-all = 全部
filter-apply = 筛选
pager-label = 分页
pager-prev = 上一页
pager-next = 下一页
pager-status = 第 { $page } / { $pages } 页 · 共 { $total } 条

# table columns
col-name = 名称
col-kind = 类型
col-parent = 上级单位
col-units = 下属单位
col-members = 成员
col-role = 角色
col-org = 单位
col-count = 人数
col-size = 企业规模
col-actions = 操作
col-created = 创建时间
col-last-used = 最近使用
col-status = 状态
col-when = 时间（北京时间）
col-who = 操作人
col-action = 操作
col-subject = 对象
col-change = 变更

# organisation kinds
kind-university = 大学
kind-college = 现代产业学院
kind-centre = 实践教学中心
kind-lab = 实验室
kind-enterprise = 企业
kind-government = 政府部门
kind-institute = 科研院所

# roles
role-platform_admin = 平台管理员
role-university_staff = 学校管理人员
role-teacher = 教师
role-student = 学生
role-enterprise_admin = 企业管理员
role-enterprise_member = 企业员工
role-enterprise_expert = 企业专家
role-government_officer = 政府工作人员
role-research_member = 科研院所人员

# organisations
orgs-title = 组织机构
orgs-new = 新建单位
orgs-edit = 编辑单位
orgs-children = 下属单位
orgs-members = 成员
orgs-partners = 合作企业
orgs-add-partner = 添加合作企业
orgs-partner-enterprise = 企业
enterprise_id-taken = 该企业已是本学院的合作企业。
orgs-parent-hint = 产业学院隶属于大学；实践教学中心隶属于大学或产业学院；实验室隶属于实践教学中心或产业学院。

# enterprises
enterprises-title = 企业
enterprises-new = 新建企业
enterprises-edit = 编辑企业
enterprises-profile = 企业档案
enterprises-partner-of = 合作的产业学院
enterprises-search-hint = 名称或统一社会信用代码
field-name_en = 英文名称
field-description = 简介
field-uscc = 统一社会信用代码
field-industry_code = 所属行业（GB/T 4754）
field-region_code = 所在地区
field-founded_on = 成立日期
field-employees = 从业人员
field-operating_revenue_wan = 上年度营业收入（万元）
field-total_assets_wan = 上年末资产总额（万元）
measure-employees = 从业人员
measure-revenue = 营业收入
measure-assets = 资产总额
unit-persons = 人
unit-wan = 万元
hint-uscc = 18 位，见营业执照；最后一位是校验码。
hint-region = 不填时按信用代码第 3–8 位自动确定。
hint-employees = 上年末从业人员数。
hint-wan = 单位为万元，例如 1250.5。

# size classification
size-title = 企业规模（中小企业划型）
size-micro = 微型
size-small = 小型
size-medium = 中型
size-large = 大型
size-band = 档次
size-thresholds = 标准
size-sme-if = 属中小微企业的条件
size-source = 依据
size-explanation = 按 2011 年划型标准第 { $row } 行（{ $row_name }），该企业属于{ $class }企业。
size-missing = 暂无法划型：该行业需要“{ $measure }”。
size-unknown_industry = 无法划型：行业代码未知。
size-industry_not_covered = 无法划型：2011 年划型标准不适用于该行业（金融业）。
size-missing_employees = 该行业划型需要从业人员数。
size-missing_revenue = 该行业划型需要营业收入。
size-missing_assets = 该行业划型需要资产总额。
size-unknown_class = 请使用 micro、small、medium 或 large。

# people
people-title = 人员
people-new = 新建人员
people-edit = 编辑人员
people-search-hint = 姓名、邮箱或专长
people-memberships = 所在单位与角色
people-add-membership = 添加单位角色
people-can-sign-in = 可登录
field-email = 邮箱
field-phone = 电话
field-expertise = 专长
field-password = 密码
field-initial-password = 初始密码
hint-expertise = 多个标签用逗号分隔，例如：数控技术，质量管理。
hint-initial-password = 选填。设置密码（至少 10 位）并填写邮箱后，此人即可登录。
membership-exists = 此人已在该单位担任该角色。

# profile
profile-title = 个人中心
profile-my-record = 我的档案与所在单位
profile-password = 密码
profile-change-password = 修改密码
profile-password-changed = 密码已修改，其他会话已退出。
field-current-password = 当前密码
field-new-password = 新密码
hint-password = 至少 10 个字符。
profile-tokens = API 令牌
profile-tokens-lead = 个人令牌可让脚本以您的身份调用 API：请求头写 “Authorization: Bearer <令牌>”。
profile-token-once = 请立即复制此令牌，它不会再次显示。
profile-create-token = 创建令牌
field-token-name = 令牌名称
hint-token-name = 令牌用途，例如“每晚导出”。
token-revoke = 吊销
token-revoked = 已吊销

# audit
audit-title = 审计日志
audit-before = 变更前
audit-after = 变更后

# error pages
error-forbidden = 无权访问
error-forbidden-body = 您的角色无权使用此页面。如需使用，请联系平台管理员。
error-not-found = 未找到
error-not-found-body = 页面不存在，或您无权查看。
error-internal = 出错了
error-internal-body = 问题已记录，请稍后再试。
error-bad-request = 请求被拒绝
error-bad-request-body = 无法处理该请求。

# error codes (API messages and form fields)
auth-required = 请登录，或提供个人 API 令牌。
access-denied = 您的角色无权执行此操作。
not_found = 未找到。
validation-failed = 部分字段无效。
duplicate = 该值已被占用。
auth-bad_credentials = 邮箱或密码错误。
auth-rate_limited = 登录失败次数过多，请稍后再试。
internal = 系统内部错误。
invalid = 该值无效。
required = 此项为必填项。
too_long = 最多 { $max } 个字符。
out_of_range = 应在 { $min } 到 { $max } 之间。
not_a_whole_number = 应为整数。
not_an_amount = 应为金额，例如 1250.5（最多六位小数）。
unknown_field = 未知字段。
control_characters = 请删除文本中的不可见控制字符。
wrong_type = 字段类型错误：请提供文本或数字。
uscc-length = 统一社会信用代码应为 18 位，当前为 { $length } 位。
uscc-character = 第 { $position } 位字符“{ $character }”不能出现在信用代码中（不使用 I、O、S、V、Z）。
uscc-division_code = 第 3–8 位应为 6 位行政区划代码。
uscc-check_character = 校验码（最后一位）错误：应为 { $expected }，实际为 { $found }。
uscc-taken = 已有其他企业使用该统一社会信用代码。
email-taken = 该邮箱已被他人使用。
role-taken = 此人已在该单位担任该角色。
industry-unknown = 请从 GB/T 4754 中选择行业。
region-unknown = 请选择已知的行政区划代码。
date-invalid = 请使用 YYYY-MM-DD 格式。
date-in_future = 日期不能晚于今天。
date-too_early = 日期不能早于 1900 年。
email-invalid = 邮箱格式不正确。
email-needed_for_sign_in = 可登录的人员必须有邮箱。
phone-invalid = 只能包含数字、空格、+、- 和括号。
tags-too_many = 最多 { $max } 个标签。
tags-too_long = 每个标签最多 { $max } 个字符。
password-too_short = 至少 10 个字符。
password-too_long = 密码过长。
password-wrong = 当前密码错误。
locale-unknown = 请选择 zh-CN 或 en。
org-parent_kind = 此类单位只能隶属于：{ $allowed }。
org-parent_self = 单位不能隶属于自身。
org-kind_not_allowed = 请选择产业学院、实践教学中心、实验室、政府部门或科研院所。
org-kind_fixed = 单位类型不能修改。
role-unknown = 该角色不存在。
role-wrong_org_kind = 该角色与单位类型不符。
membership-cannot_remove_own_admin = 不能移除自己的管理员角色。
demo-not_empty = 数据库中已有数据；演示数据只能载入空数据库。

# diagnosis
diag-none-selected = 无
diag-rule-at-least = 不低于 { $bound }
diag-rule-below = 低于 { $bound }
diag-rule-lowest = 低于所有档次
diag-rule-highest = 不低于所有上限
diag-rule-per-step = 满 { $steps } 个 { $step }，每个得 { $each } 分
diag-rule-choice = “{ $choice }”
diag-rule-multi = 满足 { $count } 项 × 每项 { $each } 分，以满分为上限
diag-rule-entered = 由评估人员填报的分数
diag-rule-best-of = { $part }不低于 { $bound }（两项取高）
diag-explain = 填报“{ $answer }”：{ $rule } → 得 { $points } 分（满分 { $max } 分）。
diag-target-at-least = 达到 { $bound } 及以上
diag-target-part = 将{ $part }提高到 { $bound } 及以上
diag-target-below = 降到 { $bound } 以下
diag-target-choose = 达到“{ $choice }”
diag-target-items = 满足 { $count } 项
diag-opportunity = +{ $gain } 分：{ $target }。
diag-cond-total = 总分不低于 { $bound }
diag-cond-group = { $group }得分不低于 { $bound }
diag-cond-fact-at-least = { $fact }：不低于 { $bound }
