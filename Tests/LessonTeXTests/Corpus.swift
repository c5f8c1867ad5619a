import Testing

/// A formula with its golden file name.
struct Formula: Sendable, CustomTestStringConvertible {
  var name: String
  var tex: String
  var display: Bool

  init(_ name: String, _ tex: String, display: Bool = true) {
    self.name = name
    self.tex = tex
    self.display = display
  }

  var testDescription: String { name }
}

/// Every formula the course's lessons use (from shared/CONTENT.md, section by section),
/// then edge cases of the converter.
enum Corpus {
  static let course: [Formula] = [
    // 2.1–2.2 Mini-batch gradient descent
    Formula("minibatch-notation", #"X^{\{t\}},\ Y^{\{t\}}"#, display: false),
    Formula("minibatch-count", #"\lfloor m / b \rfloor"#, display: false),
    Formula("minibatch-last", #"m \bmod b"#, display: false),
    Formula(
      "minibatch-cost",
      #"J^{\{t\}} = \frac{1}{b}\sum_{i=1}^{b} \mathcal{L}(\hat y^{(i)}, y^{(i)}) + \frac{\lambda}{2b}\sum_{l} \lVert W^{[l]} \rVert_F^2"#
    ),
    Formula("gradient-step", #"\theta \leftarrow \theta - \alpha\,\nabla_\theta J(\theta)"#),
    // 2.3–2.4 Exponentially weighted averages
    Formula("ewa", #"v_t = \beta v_{t-1} + (1-\beta)\theta_t"#),
    Formula("ewa-inline", #"v_t = \beta v_{t-1} + (1-\beta)\,\theta_t"#, display: false),
    Formula("ewa-start", #"v_0 = 0"#, display: false),
    Formula("ewa-window", #"\frac{1}{1-\beta}"#, display: false),
    Formula("ewa-e", #"\beta^{1/(1-\beta)} \approx 1/e"#, display: false),
    Formula("ewa-e-display", #"(1-\varepsilon)^{1/\varepsilon} \approx \frac{1}{e}"#),
    Formula("ewa-reference", #"0.9^{10} = 0.348678,\quad 0.98^{50} = 0.364170"#),
    Formula(
      "ewa-expanded",
      #"v_{100} = 0.1\,\theta_{100} + 0.1 \cdot 0.9\,\theta_{99} + 0.1 \cdot 0.9^2\,\theta_{98} + \cdots"#
    ),
    Formula("ewa-sum", #"v_t = (1-\beta)\sum_{i=1}^{t} \beta^{t-i}\,\theta_i"#),
    // 2.5 Bias correction
    Formula("bias-correction", #"\hat v_t = \frac{v_t}{1-\beta^t}"#),
    Formula("bias-correction-braces", #"\hat{v}_t = \frac{v_t}{1 - \beta^{t}}"#, display: false),
    Formula("bias-reference", #"1 - 0.98^2 = 0.0396"#, display: false),
    // 2.6 Momentum
    Formula("momentum-v", #"v_{dW} = \beta v_{dW} + (1-\beta)\,dW"#),
    Formula("momentum-update", #"W := W - \alpha v_{dW},\quad b := b - \alpha v_{db}"#),
    Formula("momentum-undamped", #"v_{dW} = \beta v_{dW} + dW"#, display: false),
    Formula("momentum-pytorch", #"\text{lr} = \alpha(1-\beta)"#, display: false),
    Formula("surface-elongated", #"f(x) = 0.1x_1^2 + 2x_2^2"#, display: false),
    Formula("gd-converges", #"0 < \eta\lambda < 2"#, display: false),
    Formula("momentum-converges", #"0 < \eta\lambda < 2 + 2\beta"#, display: false),
    Formula(
      "optimal-rates",
      #"\frac{\sqrt{\kappa}-1}{\sqrt{\kappa}+1} \quad\text{vs}\quad \frac{\kappa-1}{\kappa+1}"#
    ),
    // 2.7 RMSprop
    Formula("rmsprop-s", #"s_{dW} = \beta_2 s_{dW} + (1-\beta_2)\,dW^2"#),
    Formula("rmsprop-update", #"W := W - \alpha\frac{dW}{\sqrt{s_{dW}} + \varepsilon}"#),
    Formula("epsilon", #"\varepsilon = 10^{-8}"#, display: false),
    // 2.8 Adam
    Formula("adam-corrected", #"v^{\text{corrected}}_{dW} = \frac{v_{dW}}{1-\beta_1^t}"#),
    Formula("adam-update", #"w := w - \alpha \frac{\hat v}{\sqrt{\hat s} + \varepsilon}"#),
    Formula(
      "adam-aligned",
      #"""
      \begin{aligned}
      v &= \beta_1 v + (1-\beta_1)\,g \\
      s &= \beta_2 s + (1-\beta_2)\,g \odot g \\
      \hat v &= \frac{v}{1-\beta_1^t}, \quad \hat s = \frac{s}{1-\beta_2^t} \\
      w &\leftarrow w - \alpha\,\frac{\hat v}{\sqrt{\hat s}+\epsilon}
      \end{aligned}
      """#),
    Formula(
      "adam-defaults", #"\beta_1 = 0.9,\ \beta_2 = 0.999,\ \varepsilon = 10^{-8}"#, display: false),
    // 2.9 Learning-rate decay
    Formula(
      "decay-inverse-time", #"\alpha = \frac{\alpha_0}{1 + \text{decay\_rate} \cdot \text{epoch}}"#),
    Formula("decay-exponential", #"\alpha = 0.95^{\text{epoch}} \cdot \alpha_0"#),
    Formula("decay-sqrt", #"\alpha = \frac{k}{\sqrt{t}}\,\alpha_0"#),
    Formula(
      "decay-sqrt-epoch", #"\alpha = \frac{k}{\sqrt{\text{epoch}}}\,\alpha_0"#, display: false),
    Formula(
      "decay-staircase",
      #"\alpha = \frac{\alpha_0}{1 + \text{decay\_rate} \cdot \lfloor \text{epoch} / \text{interval} \rfloor}"#
    ),
    Formula("floor", #"\lfloor t / T \rfloor"#, display: false),
    Formula("not-a-decay", #"e^{t}\,\alpha_0"#, display: false),
    // 2.10 Local optima, saddle points, plateaus
    Formula("minimum-probability", #"0.5^n"#, display: false),
    Formula("saddle-probability", #"1 - 0.5^n"#, display: false),
    Formula("random-hessian", #"H = \frac{A + A^\top}{\sqrt{2}}"#),
    Formula("fraction-n2", #"\frac{2-\sqrt{2}}{4} \approx 0.1464"#),
    Formula("saddle", #"f(x, y) = x^2 - y^2"#, display: false),
    Formula("monkey-saddle", #"f(x, y) = x^3 - 3xy^2"#, display: false),
    Formula("saddle-hessian", #"H = \begin{pmatrix} 2 & 0 \\ 0 & -2 \end{pmatrix}"#),
    Formula("saddle-gradient", #"\nabla f(x, y) = \begin{bmatrix} 2x \\ -2y \end{bmatrix}"#),
    Formula("minimum-condition", #"\lambda_{\min}(H) > 0"#, display: false),
    // 3.1–3.3 Hyperparameter tuning
    Formula("log-scale", #"r \sim U(-4, 0),\quad \alpha = 10^{r}"#),
    Formula("beta-scale", #"1 - \beta = 10^{r},\ r \in [-3, -1]"#, display: false),
    Formula("beta-range", #"\beta \in [0.9, 0.999]"#, display: false),
    Formula("alpha-range", #"\alpha \in [10^{-4}, 1]"#, display: false),
    // 3.4–3.7 Batch normalization
    Formula("bn-mean", #"\mu = \frac{1}{m}\sum_{i=1}^{m} z^{(i)}"#),
    Formula("bn-variance", #"\sigma^2 = \frac{1}{m}\sum_{i=1}^{m} \left(z^{(i)} - \mu\right)^2"#),
    Formula(
      "bn-normalize",
      #"z_{\text{norm}}^{(i)} = \frac{z^{(i)} - \mu}{\sqrt{\sigma^2 + \varepsilon}}"#),
    Formula("bn-scale", #"\tilde z^{(i)} = \gamma z_{\text{norm}}^{(i)} + \beta"#),
    Formula("bn-scale-short", #"\tilde z = \gamma z_{norm} + \beta"#, display: false),
    Formula(
      "bn-identity",
      #"\gamma = \sqrt{\sigma^2 + \varepsilon},\ \beta = \mu \implies \tilde z^{(i)} = z^{(i)}"#),
    Formula(
      "bn-running",
      #"\mu_{\text{running}} \leftarrow (1 - 0.1)\,\mu_{\text{running}} + 0.1\,\mu_{\mathcal{B}}"#),
    Formula(
      "bn-shapes", #"\gamma^{[l]}, \beta^{[l]} \in \mathbb{R}^{1 \times n^{[l]}}"#, display: false),
    Formula("bn-layer", #"z^{[l]} = W^{[l]} a^{[l-1]}"#, display: false),
    Formula(
      "bn-reference", #"x = [1, 2, 3, 4] \mapsto \mu = 2.5,\ \sigma^2 = 1.25"#, display: false),
    Formula("bn-unbiased", #"\frac{1}{m-1}\sum_{i} (z_i - \mu)^2"#),
    // 3.8–3.9 Softmax regression
    Formula("softmax", #"a_i = \frac{e^{z_i}}{\sum_{j=1}^{C} e^{z_j}}"#),
    Formula("softmax-inline", #"a_i = \frac{e^{z_i}}{\sum_{j=1}^{C} e^{z_j}}"#, display: false),
    Formula("softmax-layer", #"t = e^{z^{[L]}},\quad a^{[L]} = \frac{t}{\sum_{j=1}^{C} t_j}"#),
    Formula("softmax-loss", #"\mathcal{L}(\hat y, y) = -\sum_{j=1}^{C} y_j \log \hat y_j"#),
    Formula(
      "softmax-cost", #"J = \frac{1}{m}\sum_{i=1}^{m} \mathcal{L}(\hat y^{(i)}, y^{(i)})"#),
    Formula("softmax-gradient", #"\frac{\partial \mathcal{L}}{\partial z} = a - y"#),
    Formula("softmax-dz", #"dz^{[L]} = \hat y - y"#, display: false),
    Formula("jacobian", #"\frac{\partial a}{\partial z} = \operatorname{diag}(a) - a a^\top"#),
    Formula("jacobian-entry", #"\frac{\partial a_i}{\partial z_j} = a_i(\delta_{ij} - a_j)"#),
    Formula(
      "softmax-stable", #"\operatorname{softmax}(z) = \operatorname{softmax}(z - \max_j z_j)"#),
    Formula("softmax-temperature", #"a_i = \frac{e^{z_i / T}}{\sum_j e^{z_j / T}}"#),
    Formula("hardmax", #"\hat y = \arg\max_i z_i"#),
    Formula("hardmax-star", #"\hat y = \operatorname*{arg\,max}_{i} z_i"#),
    Formula("softmax-zero-weights", #"W = 0 \implies L = \ln C"#, display: false),
    Formula("softmax-logits", #"z = \begin{pmatrix} 5 \\ 2 \\ -1 \\ 3 \end{pmatrix}"#),
    Formula("softmax-reference", #"a \approx (0.842, 0.042, 0.002, 0.114)^\top"#, display: false),
    Formula("softmax-sums-to-one", #"\sum_{j} a_j = 1"#, display: false),
    Formula(
      "softmax-shift", #"\operatorname{softmax}(z + c\mathbf{1}) = \operatorname{softmax}(z)"#),
    Formula(
      "one-hot",
      #"y_j = \begin{cases} 1 & \text{if } j = c \\ 0 & \text{otherwise} \end{cases}"#),
    Formula("sigmoid", #"\sigma(z) = \frac{1}{1 + e^{-z}}"#),
    Formula("tanh", #"\tanh(z) = \frac{e^z - e^{-z}}{e^z + e^{-z}}"#),
    Formula("relu", #"\operatorname{ReLU}(z) = \max(0, z)"#, display: false),
    // 3.10–3.11 Frameworks
    Formula("framework-cost", #"J(w) = w^2 - 10w + 25"#),
    Formula("framework-cost-square", #"J(w) = w^2 - 10w + 25 = (w-5)^2"#, display: false),
    Formula("framework-step", #"w := w - \alpha\,\frac{dJ}{dw} = w - 0.01\,(2w - 10)"#),
    Formula("framework-limit", #"\lim_{k \to \infty} w_k = 5"#),
  ]

  static let edgeCases: [Formula] = [
    // Fractions
    Formula("nested-fraction", #"\frac{1}{1 + \frac{1}{1 + \frac{1}{x}}}"#),
    Formula("fraction-of-fractions", #"\frac{\frac{a}{b}}{\frac{c}{d}}"#),
    Formula("fraction-digits", #"\frac12 + \frac ab"#, display: false),
    Formula("dfrac-inline", #"\dfrac{a}{b}"#, display: false),
    Formula("tfrac-display", #"\tfrac{1}{2}x"#),
    Formula("binomial", #"\binom{n}{k}"#),
    // Scripts and primes
    Formula("sub-then-sup", #"x_i^2"#, display: false),
    Formula("sup-then-sub", #"x^2_i"#, display: false),
    Formula("prime", #"f'(x)"#, display: false),
    Formula("double-prime", #"f''(x)"#, display: false),
    Formula("triple-prime", #"f'''"#, display: false),
    Formula("prime-subscript", #"f'_i"#, display: false),
    Formula("prime-superscript", #"f'^2"#, display: false),
    Formula("prime-command", #"f^\prime"#, display: false),
    Formula("prime-braced", #"f^{\prime}(x) + g^{\prime\prime}"#, display: false),
    Formula("empty-base", #"{}_a X^b"#, display: false),
    Formula("script-group", #"{(a+b)}^2 = e^{-x^2}"#, display: false),
    // Roots
    Formula("sqrt", #"\sqrt{x}"#, display: false),
    Formula("cube-root", #"\sqrt[3]{x}"#, display: false),
    Formula("nth-root", #"\sqrt[n]{1 + x^2}"#),
    Formula("sqrt-fraction", #"\sqrt{\frac{a}{b}}"#),
    // Large operators and function names
    Formula("sum-display", #"\sum_{i=1}^{n} x_i"#),
    Formula("sum-inline", #"\sum_{i=1}^{n} x_i"#, display: false),
    Formula("sum-limits-inline", #"\sum\limits_{i=1}^{n} x_i"#, display: false),
    Formula("sum-nolimits-display", #"\sum\nolimits_i x_i"#),
    Formula("product", #"\prod_{i=1}^{n} p_i"#),
    Formula("integral", #"\int_0^1 f(x)\,dx"#),
    Formula("gaussian-integral", #"\int_{-\infty}^{\infty} e^{-x^2}\,dx = \sqrt{\pi}"#),
    Formula("limit", #"\lim_{x \to 0} \frac{\sin x}{x} = 1"#),
    Formula("limit-inline", #"\lim_{x \to 0} \frac{\sin x}{x} = 1"#, display: false),
    Formula("max-min", #"\max_{\theta} \min_{\phi} f"#),
    Formula("argmin-command", #"\argmin_{w} J(w)"#),
    Formula("functions", #"\exp(x) + \log x + \ln(1 + e^{x}) + \det(H)"#, display: false),
    Formula("log-base", #"\log_2 n"#, display: false),
    Formula("sin-squared", #"\sin^2\theta + \cos^2\theta = 1"#, display: false),
    Formula("function-then-fence", #"\exp\left(-\frac{x^2}{2}\right)"#),
    Formula("function-explicit-space", #"\log\,x"#, display: false),
    Formula("operatorname-letter", #"\operatorname{d}x"#, display: false),
    // Unary and binary operators
    Formula("unary-minus", #"-x + (-1)^n = a \cdot -b"#, display: false),
    Formula("trailing-operator", #"x^{n+}"#, display: false),
    Formula("operators", #"a \cdot b \times c \odot d \pm e \mp f \ast g"#, display: false),
    Formula(
      "relations",
      #"a \leq b \geq c \neq d \approx e \sim f \propto g \in h \to i \mapsto j \leftarrow k \rightarrow l"#,
      display: false),
    Formula("assignment", #"w := w - 1,\ a : b"#, display: false),
    Formula("lt-gt", #"0 \lt \beta \lt 1,\ x \gt 0,\ a < b > c"#, display: false),
    Formula("negations", #"a \not= b,\ x \not\in A"#, display: false),
    Formula("conditional", #"P(A \mid B)"#, display: false),
    Formula("colon", #"f \colon \mathbb{R}^n \to \mathbb{R}"#, display: false),
    Formula("dots", #"x_1, \ldots, x_n,\ a_1 + \cdots + a_n,\ \dots"#, display: false),
    Formula("transpose", #"A^\top B^\intercal C^{T}"#, display: false),
    // Matrices and environments
    Formula("matrix", #"\begin{matrix} a & b \\ c & d \end{matrix}"#),
    Formula("vmatrix", #"\det A = \begin{vmatrix} a & b \\ c & d \end{vmatrix} = ad - bc"#),
    Formula("Vmatrix-Bmatrix", #"\begin{Vmatrix} x \end{Vmatrix} \begin{Bmatrix} 1 \end{Bmatrix}"#),
    Formula(
      "general-matrix",
      #"A = \begin{pmatrix} a_{11} & \cdots & a_{1n} \\ \vdots & \ddots & \vdots \\ a_{m1} & \cdots & a_{mn} \end{pmatrix}"#
    ),
    Formula(
      "matrix-fractions", #"\begin{bmatrix} \frac{1}{2} & 0 \\ 0 & \frac{1}{3} \end{bmatrix}"#),
    Formula("matrix-trailing-newline", #"\begin{pmatrix} 1 \\ 2 \\ \end{pmatrix}"#),
    Formula(
      "cases-relu",
      #"\operatorname{ReLU}'(z) = \begin{cases} 1 & z > 0 \\ 0 & \text{otherwise} \end{cases}"#),
    Formula("dcases", #"f = \begin{dcases} \frac{1}{2} & x \geq 0 \\ 0 & x < 0 \end{dcases}"#),
    Formula(
      "align-star",
      #"\begin{align*} f(x) &= (x+1)^2 \\ &= x^2 + 2x + 1 \\ &+ 0 \end{align*}"#),
    Formula(
      "aligned-two-pairs", #"\begin{aligned} a &= 1 & b &= 2 \\ c &= 3 & d &= 4 \end{aligned}"#),
    Formula("gathered", #"\begin{gathered} a = b \\ c = d + e \end{gathered}"#),
    Formula("array", #"\begin{array}{lcr} a & b & c \\ 10 & 20 & 30 \end{array}"#),
    Formula("row-spacing", #"\begin{aligned} a &= 1 \\[4pt] b &= 2 \end{aligned}"#),
    // Delimiters
    Formula("left-right", #"\left( \frac{a}{b} \right)"#),
    Formula("left-right-brackets", #"\left[ \frac{1}{2} \right] + \left| \frac{x}{2} \right|"#),
    Formula("set-builder", #"\left\{ x \;\middle|\; x > 0 \right\}"#),
    Formula("set-mid", #"\{ x \mid x > 0 \}"#, display: false),
    Formula("evaluated-at", #"\left. \frac{df}{dx} \right|_{x=0}"#),
    Formula("angle-brackets", #"\left\langle u, v \right\rangle = \langle u, v \rangle"#),
    Formula("norm", #"\left\lVert \frac{x}{2} \right\rVert_2 + \|x\| + \lVert y \rVert"#),
    Formula("floor-ceil", #"\left\lfloor \frac{t}{T} \right\rfloor + \lceil x \rceil"#),
    Formula("big-delimiters", #"\big( \Big[ \bigg\{ \Bigg| \quad \bigl( x \bigr)"#),
    Formula("absolute-value", #"|x| + |y| \geq |x + y|"#, display: false),
    Formula("slash-after-fraction", #"\frac{a}{b} / c"#),
    // Braces, text, escapes
    Formula("brace-group", #"{a+b}^2"#, display: false),
    Formula("empty-group", #"a{}b"#, display: false),
    Formula("text-spaces", #"x > 0 \text{ for all } x \in A"#),
    Formula("text-collapsed-spaces", #"\text{a   b}"#, display: false),
    Formula("text-escapes", #"\text{decay\_rate 50\% \{a\} \$5 R\&D}"#, display: false),
    Formula("text-math", #"\text{for $i = 1$ to $n$}"#),
    Formula("text-styles", #"\textbf{W} \textit{x} \mbox{ok} \textrm{a--b}"#, display: false),
    Formula("escapes", ##"\{ 1, 2 \} \quad 50\% \quad \$5 \quad a \& b \quad x\_1 \quad \#"##),
    Formula("unicode-input", #"β v + (1−β)θ ≤ ∑_i x_i,\ x ∈ ℝ,\ Γ"#, display: false),
    Formula("empty", "", display: false),
    Formula("whitespace-only", "   ", display: false),
    Formula("comment", "a + b % a comment\n+ c", display: false),
    Formula("multiline-source", "a\n=\n\\frac{1}{2}"),
    // Numbers
    Formula("numbers", #"3.14 + .5 + 1,000 + 10^{-8} + 1e-8"#, display: false),
    // Spacing
    Formula("spacing", #"a\,b\:c\;d\!e\quad f\qquad g\ h~i"#, display: false),
    // Alphabets
    Formula(
      "fonts",
      #"\mathbf{W} \mathbf{0} \mathbb{R}^{n} \mathbb{E} \mathcal{L} \mathcal{N} \mathrm{d}x \mathrm{softmax} \mathit{diff}"#,
      display: false),
    Formula(
      "bold-symbols",
      #"\boldsymbol{\theta} \boldsymbol{x} \mathbf{\Gamma} \mathbf{\alpha} \bm{\nabla}"#,
      display: false),
    Formula(
      "more-fonts", #"\mathfrak{g} \mathsf{A} \mathtt{x} \mathscr{H} \mathbb{1}"#, display: false),
    Formula(
      "greek",
      #"\alpha\beta\gamma\delta\epsilon\varepsilon\theta\vartheta\lambda\mu\pi\rho\sigma\tau\phi\varphi\chi\psi\omega"#,
      display: false),
    Formula(
      "greek-capitals", #"\Gamma\Delta\Theta\Lambda\Xi\Pi\Sigma\Phi\Psi\Omega \varGamma"#,
      display: false),
    Formula("mathrm-greek", #"\mathrm{\alpha}"#, display: false),
    // Accents
    Formula(
      "accents",
      #"\hat{x} \bar{x} \tilde{x} \vec{x} \dot{x} \ddot{x} \check{x} \breve{x} \acute{x} \grave{x}"#,
      display: false),
    Formula(
      "wide-accents",
      #"\widehat{xyz} \widetilde{xyz} \widehat{x} \overline{x + y} \underline{x} \overrightarrow{AB}"#
    ),
    Formula("underbrace", #"\underbrace{a + \cdots + a}_{n\ \text{times}}"#),
    Formula("overbrace", #"\overbrace{1 + 1}^{2}"#),
    Formula("overset", #"\overset{\text{def}}{=} \quad \underset{x}{\operatorname{avg}}"#),
    // Styles
    Formula("displaystyle-inline", #"\displaystyle\sum_{i=1}^n x_i"#, display: false),
    Formula("textstyle-display", #"a + \textstyle\sum_{i} x_i"#),
    // Plain TeX and KaTeX commands that real Markdown books use (RealFormulas/).
    Formula("plain-cr", #"p = \begin{bmatrix} w_1 \cr b_1 \cr \vdots \end{bmatrix}"#),
    Formula("mathop-argmax", #"\hat\theta = \mathop{\mathrm{argmax}} _ {\theta} P(\theta \mid X)"#),
    Formula("mathop-inline", #"\mathop{\mathrm{argmax}}_\theta f"#, display: false),
    Formula("font-switches", #"\int f(x)\,{\rm d}x + {\bf v} + {\it ab} + {\cal L}"#),
    Formula("color-switch", #"a + {\color{red} b + c} = \textcolor{#1f77b4}{-d}"#),
    Formula("color-rest", #"\color{blue}{x} + y"#, display: false),
    Formula("approx-relations", #"a \lessapprox b \gtrapprox c \lesssim d \gtrsim e"#),
    Formula("choose", #"{n \choose k} = {n \over k} + {a \atop b} + {n \brack k} + {n \brace k}"#),
    Formula("binomial-family", #"\dbinom{n}{k} + \tbinom{n}{k}"#, display: false),
    Formula(
      "long-arrows",
      #"A \Longleftrightarrow B \longleftrightarrow C \Longrightarrow D \longmapsto E"#),
    Formula("extensible-arrows", #"A \xrightarrow[g]{f} B \xleftarrow{h} C"#),
    Formula("implicit-aligned", "f(x) &= x^2 \\\\\n &= x \\cdot x"),
    Formula("implicit-gathered", #"a = b \\ c = d"#),
    Formula(
      "array-rules",
      #"\left[\begin{array}{c|cc} 1 & 2 & 3 \\ \hline 4 & 5 & 6 \end{array}\right]"#),
    Formula("array-outer-rules", #"\begin{array}{|l:r|} \hline a & b \\ c \\ \hline \end{array}"#),
    Formula("tag-label", #"E = mc^2 \label{energy} \tag{1.2}"#),
    Formula("hspace", #"a \hspace{1em} b \hspace{-3mu} c \hspace*{2pt} d"#),
    Formula("smash", #"\sqrt{\smash[b]{y}}"#),
    Formula("bigg-braced", #"F\bigg{|}_{0}^{1}"#),
    Formula("control-space-newline", "a\\\nb", display: false),
  ]

  static let all: [Formula] = course + edgeCases
}
