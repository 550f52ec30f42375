// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Ownable, Ownable2Step} from "@openzeppelin/contracts/access/Ownable2Step.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";

import {IHearthToken} from "./interfaces/IHearthToken.sol";
import {IMarketplace} from "./interfaces/IMarketplace.sol";
import {IProviderRegistry} from "./interfaces/IProviderRegistry.sol";
import {Bps} from "./libraries/Bps.sol";
import {PriceCurve} from "./libraries/PriceCurve.sol";
import {Hardware} from "./types/Hardware.sol";
import {ClusterId, LeaseId, MarketId, OrderId} from "./types/Ids.sol";
import {CloseReason, Lease, LeaseState, PackedLease} from "./types/Lease.sol";
import {
    Market,
    MarketConfig,
    OpenClusterParams,
    OpenLeaseParams,
    Placement,
    QueueEntry,
    Tier,
    TierParams
} from "./types/Market.sol";

/// @title Marketplace
/// @notice See {IMarketplace}.
/// @dev Storage is laid out for the hot path (take → withdraw → close): a market's token, price and
///      queue head live in two slots, a lease in one (its parties as 32-bit account ids), and the
///      counters and fee parameters in one.
contract Marketplace is IMarketplace, Ownable2Step, ReentrancyGuardTransient {
    using SafeERC20 for IERC20;

    /// @notice Role name of the reverse-auction contract.
    bytes32 public constant AUCTIONS_ROLE = "auctions";
    /// @notice Role name of verifiers that close leases for failed verification or a vanished provider.
    bytes32 public constant VERIFIER_ROLE = "verifier";
    /// @notice Longest a single deposit may fund a lease (keeps uint32 timestamps far from overflow).
    uint256 public constant MAX_FUNDED_SECONDS = 5 * 365 days;
    /// @notice Most epochs one price update applies (older gaps are treated as these many).
    uint256 internal constant MAX_EPOCHS_PER_UPDATE = 64;

    /// @dev A market as stored: slot 0 and 1 are read by every take.
    struct MarketData {
        // slot 0
        address token;
        uint72 referencePricePerSecond;
        bool paused;
        // slot 1
        address head;
        uint32 takesThisEpoch;
        uint32 idleSlots;
        uint32 epochStartedAt;
        // slot 2
        bytes32 gpuModel;
        // slot 3
        uint32 minVramMiB;
        uint16 gpusPerLease;
        uint16 targetUtilizationBps;
        uint72 minPricePerSecond;
        uint72 maxPricePerSecond;
    }

    /// @dev Counters and parameters read together on the hot path: one slot.
    struct Config {
        uint64 leaseCount;
        uint64 clusterCount;
        uint16 feeBps;
        uint16 burnShareBps;
        uint32 epochSeconds;
        uint32 minLeaseSeconds;
        uint16 maxScan;
        uint16 priceChangeDenominator;
    }

    /// @dev A lease about to be opened.
    struct NewLease {
        address consumer;
        uint32 consumerId;
        address provider;
        uint32 providerId;
        MarketId market;
        Tier tier;
        uint256 price;
        uint256 seconds_;
        bytes32 specHash;
        OrderId order;
        ClusterId cluster;
    }

    IProviderRegistry public immutable registry;
    IHearthToken public immutable heat;

    /// @notice Receives protocol fees not burned.
    address public treasury;
    /// @notice The reverse-auction contract allowed to open auction leases.
    address public auctions;
    /// @notice Largest cluster one call may open.
    uint16 public maxClusterMembers = 32;

    Config internal _config;
    /// @dev Markets by id (1-based). A mapping, not an array: no length read on the hot path.
    mapping(MarketId market => MarketData) internal _markets;
    uint16 internal _marketCount;
    mapping(address provider => QueueEntry) internal _queue;
    mapping(LeaseId lease => PackedLease) internal _leases;
    mapping(ClusterId cluster => LeaseId[]) internal _clusters;
    mapping(Tier tier => TierParams) internal _tiers;
    /// @dev Account ids of consumers and providers (1-based), both ways.
    mapping(address account => uint32) internal _accountIds;
    mapping(uint32 id => address) internal _accounts;
    uint32 internal _accountCount;

    /// @notice Verifiers allowed to close leases for failed verification or a vanished provider.
    mapping(address account => bool) public isVerifier;
    /// @inheritdoc IMarketplace
    mapping(address token => bool) public isPaymentToken;
    /// @inheritdoc IMarketplace
    mapping(address token => uint256) public feesOwed;

    /// @param registry_ The provider registry.
    /// @param heat_ HEAT: always a payment token; its fees are partly burned.
    /// @param treasury_ Receives the unburned share of fees.
    /// @param owner_ Owner of every parameter (the governance timelock once handed over).
    constructor(address registry_, address heat_, address treasury_, address owner_) Ownable(owner_) {
        if (registry_ == address(0)) revert ZeroAddress("registry");
        if (heat_ == address(0)) revert ZeroAddress("heat");
        if (treasury_ == address(0)) revert ZeroAddress("treasury");
        registry = IProviderRegistry(registry_);
        heat = IHearthToken(heat_);
        treasury = treasury_;
        isPaymentToken[heat_] = true;
        emit PaymentTokenAllowed(heat_, true);
        _config = Config({
            leaseCount: 0,
            clusterCount: 0,
            feeBps: 200,
            burnShareBps: 5000,
            epochSeconds: 1 hours,
            minLeaseSeconds: 60,
            maxScan: 32,
            priceChangeDenominator: 8
        });
        _setTier(Tier.Economy, TierParams({multiplierBps: 10_000, minReputation: 0}));
        _setTier(Tier.Priority, TierParams({multiplierBps: 15_000, minReputation: 5000}));
        _setTier(Tier.Trusted, TierParams({multiplierBps: 25_000, minReputation: 20_000}));
    }

    // ====================================================================== markets

    /// @inheritdoc IMarketplace
    function createMarket(MarketConfig calldata config) external onlyOwner returns (MarketId market) {
        if (!isPaymentToken[config.token]) revert PaymentTokenNotAllowed(config.token);
        _checkMarketConfig(config);
        if (_marketCount == type(uint16).max) {
            revert ParameterOutOfRange("marketCount", _marketCount, 0, 65_534);
        }
        // Ids are 1-based so that zero means "no market".
        market = MarketId.wrap(++_marketCount);
        MarketData storage m = _markets[market];
        m.token = config.token;
        m.gpuModel = config.gpuModel;
        m.epochStartedAt = uint32(block.timestamp);
        _writeMarketConfig(m, config);
        emit MarketCreated(market, config);
    }

    /// @inheritdoc IMarketplace
    function updateMarket(MarketId market, MarketConfig calldata config) external onlyOwner {
        MarketData storage m = _market(market);
        _checkMarketConfig(config);
        _poke(market, m);
        _writeMarketConfig(m, config);
        emit MarketConfigUpdated(market, _marketConfig(m));
    }

    /// @inheritdoc IMarketplace
    function setMarketPaused(MarketId market, bool paused) external onlyOwner {
        MarketData storage m = _market(market);
        // Price the epochs that ended under the old state: a paused market's price holds (see
        // `_pendingPrice`), so pausing must not erase the epochs before it, nor unpausing reprice the pause.
        _poke(market, m);
        m.paused = paused;
        emit MarketPauseChanged(market, paused);
    }

    /// @inheritdoc IMarketplace
    function pokeMarket(MarketId market) external returns (uint256) {
        MarketData storage m = _market(market);
        _poke(market, m);
        return m.referencePricePerSecond;
    }

    /// @inheritdoc IMarketplace
    function joinQueue(MarketId market, uint16 slots, address prevHint) external {
        MarketData storage m = _liveMarket(market);
        QueueEntry storage entry = _queue[msg.sender];
        if (MarketId.unwrap(entry.market) != 0) revert ProviderAlreadyQueued(msg.sender, entry.market);
        (bool eligible, uint32 reputation) = registry.eligibility(msg.sender);
        if (!eligible) revert ProviderNotEligible(msg.sender);

        Hardware memory hw = registry.getHardware(msg.sender);
        uint16 maxSlots = _slotsFor(m, hw);
        if (maxSlots == 0) revert ProviderHardwareUnfit(msg.sender, hw.gpuModel, hw.vramMiB, hw.gpuCount);
        if (slots == 0 || slots > maxSlots) revert QueueSlotsInvalid(slots, maxSlots);

        _poke(market, m);
        address next;
        if (prevHint == address(0)) {
            next = m.head;
            if (next != address(0) && _queue[next].reputation >= reputation) {
                revert QueueHintInvalid(prevHint);
            }
            m.head = msg.sender;
        } else {
            QueueEntry storage prev = _queue[prevHint];
            next = prev.next;
            bool misplaced = MarketId.unwrap(prev.market) != MarketId.unwrap(market)
                || prev.reputation < reputation
                || (next != address(0) && _queue[next].reputation >= reputation);
            if (misplaced) revert QueueHintInvalid(prevHint);
            prev.next = msg.sender;
        }
        entry.next = next;
        entry.slots = slots;
        entry.reputation = reputation;
        entry.market = market;
        entry.account = _accountId(msg.sender);
        m.idleSlots += slots;
        emit ProviderQueued(market, msg.sender, slots, reputation);
    }

    /// @inheritdoc IMarketplace
    function leaveQueue(address prevHint) external {
        _dequeue(msg.sender, prevHint);
    }

    /// @inheritdoc IMarketplace
    function evict(address provider, address prevHint) external {
        (bool eligible,) = registry.eligibility(provider);
        QueueEntry storage e = _queue[provider];
        // A provider whose declared hardware (or whose market's requirements) changed since it queued
        // may no longer offer the slots it holds: it goes too.
        if (eligible && MarketId.unwrap(e.market) != 0) {
            MarketData storage m = _markets[e.market];
            if (_slotsFor(m, registry.getHardware(provider)) >= e.slots) {
                revert ProviderStillEligible(provider);
            }
        }
        _dequeue(provider, prevHint);
    }

    // ====================================================================== opening leases

    /// @inheritdoc IMarketplace
    function openLease(OpenLeaseParams calldata params) external nonReentrant returns (LeaseId lease) {
        lease = _openTaken(
            params.market,
            params.tier,
            params.maxPricePerSecond,
            params.deposit,
            params.specHash,
            params.placement,
            1
        )[0];
    }

    /// @inheritdoc IMarketplace
    function openCluster(OpenClusterParams calldata params)
        external
        nonReentrant
        returns (ClusterId cluster, LeaseId[] memory leases)
    {
        if (params.members < 2 || params.members > maxClusterMembers) {
            revert ClusterSizeInvalid(params.members, maxClusterMembers);
        }
        leases = _openTaken(
            params.market,
            params.tier,
            params.maxPricePerSecond,
            params.depositPerMember,
            params.specHash,
            params.placement,
            params.members
        );
        cluster = ClusterId.wrap(_config.clusterCount);
    }

    /// @inheritdoc IMarketplace
    function openAuctionLease(
        address consumer,
        address provider,
        MarketId market,
        uint256 pricePerSecond,
        uint256 deposit,
        bytes32 specHash,
        OrderId order
    ) external nonReentrant returns (LeaseId lease) {
        if (msg.sender != auctions) revert CallerNotAuthorized(msg.sender, AUCTIONS_ROLE);
        // A paused market opens no lease, whichever way it was matched.
        _liveMarket(market);
        Config memory config = _config;
        if (pricePerSecond == 0) revert AmountZero();
        if (pricePerSecond > type(uint72).max) revert AmountTooLarge(pricePerSecond, type(uint72).max);
        uint256 seconds_ = _fundedSeconds(deposit, pricePerSecond, config);
        if (seconds_ * pricePerSecond != deposit) revert DepositNotWholeSeconds(deposit, pricePerSecond);
        lease = _openLease(
            NewLease({
                consumer: consumer,
                consumerId: _accountId(consumer),
                provider: provider,
                providerId: _accountId(provider),
                market: market,
                tier: Tier.Economy,
                price: pricePerSecond,
                seconds_: seconds_,
                specHash: specHash,
                order: order,
                cluster: ClusterId.wrap(0)
            }),
            config
        );
        _config.leaseCount = config.leaseCount;
    }

    // ====================================================================== running leases

    /// @inheritdoc IMarketplace
    function topUp(LeaseId lease, uint256 amount) external nonReentrant {
        PackedLease storage stored = _activeLease(lease);
        if (block.timestamp >= stored.fundedUntil) revert LeaseOutOfFunds(lease, _escrowed(stored));
        uint256 price = stored.pricePerSecond;
        uint256 seconds_ = amount / price;
        if (seconds_ == 0) revert DepositTooSmall(amount, price);
        uint256 fundedUntil = stored.fundedUntil + seconds_;
        if (fundedUntil > block.timestamp + MAX_FUNDED_SECONDS) {
            revert AmountTooLarge(amount, (block.timestamp + MAX_FUNDED_SECONDS - stored.fundedUntil) * price);
        }
        // Safe: bounded by block.timestamp + MAX_FUNDED_SECONDS, far below 2^32 until 2100.
        stored.fundedUntil = uint32(fundedUntil);
        uint256 paid = seconds_ * price;
        emit LeaseToppedUp(lease, msg.sender, paid, _escrowed(stored));
        IERC20(_markets[stored.market].token).safeTransferFrom(msg.sender, address(this), paid);
    }

    /// @inheritdoc IMarketplace
    function withdraw(LeaseId lease) external nonReentrant returns (uint256 amount) {
        PackedLease storage stored = _leases[lease];
        if (stored.state == LeaseState.None) revert LeaseNotFound(lease);
        address provider = _accounts[stored.provider];
        address token = _markets[stored.market].token;
        uint256 fee;
        (amount, fee) = _settle(lease, stored, provider);
        if (amount + fee == 0) revert NothingToWithdraw(lease);
        feesOwed[token] += fee;
        IERC20(token).safeTransfer(provider, amount);
    }

    /// @inheritdoc IMarketplace
    function withdrawMany(LeaseId[] calldata leases) external nonReentrant returns (uint256 total) {
        uint32 caller = _accountIds[msg.sender];
        address token;
        uint256 fees;
        for (uint256 i; i < leases.length; ++i) {
            PackedLease storage stored = _leases[leases[i]];
            if (stored.state == LeaseState.None) revert LeaseNotFound(leases[i]);
            if (stored.provider != caller) revert CallerNotProvider(leases[i], msg.sender);
            address leaseToken = _markets[stored.market].token;
            if (token == address(0)) token = leaseToken;
            else if (leaseToken != token) revert PaymentTokenMismatch(leaseToken, token);
            (uint256 amount, uint256 fee) = _settle(leases[i], stored, msg.sender);
            total += amount;
            fees += fee;
        }
        if (fees > 0) feesOwed[token] += fees;
        if (total > 0) IERC20(token).safeTransfer(msg.sender, total);
    }

    /// @inheritdoc IMarketplace
    function closeLease(LeaseId lease) external nonReentrant returns (uint256 refund) {
        PackedLease storage stored = _activeLease(lease);
        address consumer = _accounts[stored.consumer];
        CloseReason reason;
        if (block.timestamp >= stored.fundedUntil) {
            reason = CloseReason.OutOfFunds;
        } else if (msg.sender == consumer) {
            reason = CloseReason.ByConsumer;
        } else if (stored.provider == _accountIds[msg.sender]) {
            reason = CloseReason.ByProvider;
        } else {
            revert CallerNotLeaseParty(lease, msg.sender);
        }
        refund = _close(lease, stored, consumer, reason, bytes32(0));
        // A provider walking away from a funded lease it accepted is a failure on its record.
        if (reason == CloseReason.ByProvider) registry.recordFailure(msg.sender);
    }

    /// @inheritdoc IMarketplace
    function finishLease(LeaseId lease, bytes32 resultHash, bool succeeded)
        external
        nonReentrant
        returns (uint256 refund)
    {
        PackedLease storage stored = _activeLease(lease);
        if (stored.provider != _accountIds[msg.sender]) revert CallerNotProvider(lease, msg.sender);
        CloseReason reason = succeeded ? CloseReason.JobFinished : CloseReason.JobFailed;
        refund = _close(lease, stored, _accounts[stored.consumer], reason, resultHash);
        if (succeeded) registry.recordSuccess(msg.sender);
    }

    /// @inheritdoc IMarketplace
    function closeLeaseByVerifier(LeaseId lease, CloseReason reason)
        external
        nonReentrant
        returns (uint256 refund)
    {
        if (!isVerifier[msg.sender]) revert CallerNotAuthorized(msg.sender, VERIFIER_ROLE);
        if (reason != CloseReason.FailedVerification && reason != CloseReason.ProviderGone) {
            revert CloseReasonInvalid(reason);
        }
        PackedLease storage stored = _activeLease(lease);
        refund = _close(lease, stored, _accounts[stored.consumer], reason, bytes32(0));
        registry.recordFailure(_accounts[stored.provider]);
    }

    /// @inheritdoc IMarketplace
    function sweepFees(address token) external nonReentrant {
        // One base unit stays behind so the slot never returns to zero: the next withdrawal then pays
        // for a warm nonzero write instead of a fresh one (20k gas). It is swept with the next batch.
        uint256 amount = feesOwed[token];
        if (amount <= 1) revert AmountZero();
        feesOwed[token] = 1;
        amount -= 1;
        uint256 burned = token == address(heat) ? Bps.mul(amount, _config.burnShareBps) : 0;
        emit FeesSwept(token, burned, amount - burned);
        if (burned > 0) heat.burn(burned);
        if (amount > burned) IERC20(token).safeTransfer(treasury, amount - burned);
    }

    // ====================================================================== views

    /// @inheritdoc IMarketplace
    function getMarket(MarketId market) external view returns (Market memory) {
        MarketData storage m = _market(market);
        return Market({
            config: _marketConfig(m),
            paused: m.paused,
            head: m.head,
            takesThisEpoch: m.takesThisEpoch,
            idleSlots: m.idleSlots,
            epochStartedAt: m.epochStartedAt
        });
    }

    /// @inheritdoc IMarketplace
    function marketCount() external view returns (uint256) {
        return _marketCount;
    }

    /// @inheritdoc IMarketplace
    function getLease(LeaseId lease) external view returns (Lease memory) {
        PackedLease storage stored = _leases[lease];
        return Lease({
            consumer: _accounts[stored.consumer],
            provider: _accounts[stored.provider],
            market: stored.market,
            tier: stored.tier,
            state: stored.state,
            closeReason: stored.closeReason,
            feeBps: stored.feeBps,
            pricePerSecond: stored.pricePerSecond,
            paidUntil: stored.paidUntil,
            fundedUntil: stored.fundedUntil
        });
    }

    /// @inheritdoc IMarketplace
    function accountOf(uint32 id) external view returns (address) {
        return _accounts[id];
    }

    /// @inheritdoc IMarketplace
    function accountIdOf(address account) external view returns (uint32) {
        return _accountIds[account];
    }

    /// @inheritdoc IMarketplace
    function leaseCount() external view returns (uint256) {
        return _config.leaseCount;
    }

    /// @inheritdoc IMarketplace
    function withdrawable(LeaseId lease) external view returns (uint256) {
        PackedLease storage stored = _leases[lease];
        uint256 end = _min(block.timestamp, stored.fundedUntil);
        return end > stored.paidUntil ? (end - stored.paidUntil) * stored.pricePerSecond : 0;
    }

    /// @inheritdoc IMarketplace
    function escrowed(LeaseId lease) external view returns (uint256) {
        return _escrowed(_leases[lease]);
    }

    /// @inheritdoc IMarketplace
    function isOutOfFunds(LeaseId lease) external view returns (bool) {
        PackedLease storage stored = _leases[lease];
        return stored.state == LeaseState.Active && block.timestamp >= stored.fundedUntil;
    }

    /// @inheritdoc IMarketplace
    function quotePrice(MarketId market, Tier tier) external view returns (uint256) {
        MarketData storage m = _market(market);
        (uint256 price,) = _pendingPrice(m, _config.epochSeconds, _config.priceChangeDenominator);
        return Bps.mul(price, _tiers[tier].multiplierBps);
    }

    /// @inheritdoc IMarketplace
    function getQueueEntry(address provider) external view returns (QueueEntry memory) {
        return _queue[provider];
    }

    /// @inheritdoc IMarketplace
    function getCluster(ClusterId cluster) external view returns (LeaseId[] memory) {
        return _clusters[cluster];
    }

    /// @inheritdoc IMarketplace
    function tierParams(Tier tier) external view returns (TierParams memory) {
        return _tiers[tier];
    }

    /// @notice Fee, burn share, epoch length, minimum lease, queue scan limit and price-change
    ///         denominator, as one struct.
    function getConfig() external view returns (Config memory) {
        return _config;
    }

    // ====================================================================== parameters (owner)

    /// @notice Allows or disallows `token` as a market payment token (HEAT always stays allowed).
    function setPaymentToken(address token, bool allowed) external onlyOwner {
        if (token == address(0)) revert ZeroAddress("token");
        if (token == address(heat) && !allowed) revert PaymentTokenNotAllowed(token);
        isPaymentToken[token] = allowed;
        emit PaymentTokenAllowed(token, allowed);
    }

    /// @notice Sets the protocol fee taken from every withdrawal (at most 20%).
    function setFeeBps(uint16 value) external onlyOwner {
        if (value > 2000) revert ParameterOutOfRange("feeBps", value, 0, 2000);
        emit ParameterChanged("feeBps", _config.feeBps, value);
        _config.feeBps = value;
    }

    /// @notice Sets the share of HEAT fees burned (the rest goes to the treasury).
    function setBurnShareBps(uint16 value) external onlyOwner {
        if (value > Bps.ONE) revert ParameterOutOfRange("burnShareBps", value, 0, Bps.ONE);
        emit ParameterChanged("burnShareBps", _config.burnShareBps, value);
        _config.burnShareBps = value;
    }

    /// @notice Sets the epoch length of reference-price updates.
    function setEpochSeconds(uint32 value) external onlyOwner {
        if (value < 60 || value > 30 days) revert ParameterOutOfRange("epochSeconds", value, 60, 30 days);
        emit ParameterChanged("epochSeconds", _config.epochSeconds, value);
        _config.epochSeconds = value;
    }

    /// @notice Sets the shortest lease a deposit must fund.
    function setMinLeaseSeconds(uint32 value) external onlyOwner {
        if (value == 0 || value > 30 days) revert ParameterOutOfRange("minLeaseSeconds", value, 1, 30 days);
        emit ParameterChanged("minLeaseSeconds", _config.minLeaseSeconds, value);
        _config.minLeaseSeconds = value;
    }

    /// @notice Sets how many queue entries a take may look at to meet a placement.
    function setMaxScan(uint16 value) external onlyOwner {
        if (value == 0 || value > 256) revert ParameterOutOfRange("maxScan", value, 1, 256);
        emit ParameterChanged("maxScan", _config.maxScan, value);
        _config.maxScan = value;
    }

    /// @notice Sets the EIP-1559 denominator: the price moves at most 1/d of itself per epoch.
    function setPriceChangeDenominator(uint16 value) external onlyOwner {
        if (value < 2 || value > 1000) revert ParameterOutOfRange("priceChangeDenominator", value, 2, 1000);
        emit ParameterChanged("priceChangeDenominator", _config.priceChangeDenominator, value);
        _config.priceChangeDenominator = value;
    }

    /// @notice Sets the largest cluster.
    function setMaxClusterMembers(uint16 value) external onlyOwner {
        if (value < 2 || value > 256) revert ParameterOutOfRange("maxClusterMembers", value, 2, 256);
        emit ParameterChanged("maxClusterMembers", maxClusterMembers, value);
        maxClusterMembers = value;
    }

    /// @notice Sets a tier's multiplier (at least 1×) and reputation threshold.
    function setTierParams(Tier tier, TierParams calldata params) external onlyOwner {
        _setTier(tier, params);
    }

    /// @notice Sets the treasury.
    function setTreasury(address value) external onlyOwner {
        if (value == address(0)) revert ZeroAddress("treasury");
        emit AddressParameterChanged("treasury", treasury, value);
        treasury = value;
    }

    /// @notice Sets the reverse-auction contract.
    function setAuctions(address value) external onlyOwner {
        emit AddressParameterChanged("auctions", auctions, value);
        auctions = value;
    }

    /// @notice Grants or revokes the verifier role.
    function setVerifier(address account, bool enabled) external onlyOwner {
        isVerifier[account] = enabled;
        emit AddressParameterChanged(
            enabled ? bytes32("verifierAdded") : bytes32("verifierRemoved"), account, account
        );
    }

    // ====================================================================== internal: markets

    function _market(MarketId market) internal view returns (MarketData storage) {
        MarketData storage m = _markets[market];
        // Every market has a token: a zero token means no market under this id.
        if (m.token == address(0)) revert MarketNotFound(market);
        return m;
    }

    function _liveMarket(MarketId market) internal view returns (MarketData storage m) {
        m = _market(market);
        if (m.paused) revert MarketIsPaused(market);
    }

    function _checkMarketConfig(MarketConfig calldata c) internal pure {
        if (
            c.minPricePerSecond == 0 || c.minPricePerSecond > c.referencePricePerSecond
                || c.referencePricePerSecond > c.maxPricePerSecond
        ) {
            revert MarketPriceBoundsInvalid(
                c.minPricePerSecond, c.referencePricePerSecond, c.maxPricePerSecond
            );
        }
        if (c.targetUtilizationBps == 0 || c.targetUtilizationBps >= Bps.ONE) {
            revert MarketTargetUtilizationInvalid(c.targetUtilizationBps);
        }
    }

    /// @dev Writes the mutable part of a config; token and GPU model are fixed at creation.
    function _writeMarketConfig(MarketData storage m, MarketConfig calldata c) internal {
        m.minVramMiB = c.minVramMiB;
        m.gpusPerLease = c.gpusPerLease;
        m.targetUtilizationBps = c.targetUtilizationBps;
        m.minPricePerSecond = c.minPricePerSecond;
        m.maxPricePerSecond = c.maxPricePerSecond;
        uint72 price = m.referencePricePerSecond;
        // A new market starts at its reference; an updated one keeps its price, clamped to the bounds.
        if (price == 0) price = c.referencePricePerSecond;
        if (price < c.minPricePerSecond) price = c.minPricePerSecond;
        if (price > c.maxPricePerSecond) price = c.maxPricePerSecond;
        m.referencePricePerSecond = price;
    }

    function _marketConfig(MarketData storage m) internal view returns (MarketConfig memory) {
        return MarketConfig({
            gpuModel: m.gpuModel,
            token: m.token,
            minVramMiB: m.minVramMiB,
            gpusPerLease: m.gpusPerLease,
            targetUtilizationBps: m.targetUtilizationBps,
            referencePricePerSecond: m.referencePricePerSecond,
            minPricePerSecond: m.minPricePerSecond,
            maxPricePerSecond: m.maxPricePerSecond
        });
    }

    /// @dev Slots `hw` can offer in `m`: zero when it does not fit.
    function _slotsFor(MarketData storage m, Hardware memory hw) internal view returns (uint16) {
        uint16 perLease = m.gpusPerLease;
        if (perLease == 0) return 1; // CPU-only market: one lease per machine
        if (m.gpuModel != bytes32(0) && hw.gpuModel != m.gpuModel) return 0;
        if (hw.vramMiB < m.minVramMiB) return 0;
        return hw.gpuCount / perLease;
    }

    /// @dev Reference price and epoch start after the updates due now (without writing them).
    function _pendingPrice(MarketData storage m, uint256 epochSeconds, uint256 denominator)
        internal
        view
        returns (uint256 price, uint256 epochs)
    {
        price = m.referencePricePerSecond;
        epochs = (block.timestamp - m.epochStartedAt) / epochSeconds;
        if (epochs == 0) return (price, 0);
        // A paused market trades nothing: its price holds while its epoch clock runs on.
        if (m.paused) return (price, epochs);
        uint256 takes = m.takesThisEpoch;
        uint256 supply = takes + m.idleSlots;
        // No offer and no demand: nothing to learn, the price holds.
        if (supply == 0) return (price, epochs);
        price = PriceCurve.next(
            price,
            takes * Bps.ONE / supply,
            m.targetUtilizationBps,
            denominator,
            m.minPricePerSecond,
            m.maxPricePerSecond
        );
        // Later epochs saw no takes at all: utilization zero while providers waited.
        uint256 quiet = epochs - 1;
        if (quiet > MAX_EPOCHS_PER_UPDATE) quiet = MAX_EPOCHS_PER_UPDATE;
        if (m.idleSlots > 0) {
            for (uint256 i; i < quiet && price > m.minPricePerSecond; ++i) {
                price = PriceCurve.next(
                    price, 0, m.targetUtilizationBps, denominator, m.minPricePerSecond, m.maxPricePerSecond
                );
            }
        }
    }

    /// @dev Applies the epoch updates due on `m`.
    function _poke(MarketId market, MarketData storage m) internal {
        Config storage c = _config;
        (uint256 price, uint256 epochs) = _pendingPrice(m, c.epochSeconds, c.priceChangeDenominator);
        if (epochs == 0) return;
        uint256 supply = uint256(m.takesThisEpoch) + m.idleSlots;
        uint256 utilization = supply == 0 ? 0 : uint256(m.takesThisEpoch) * Bps.ONE / supply;
        emit ReferencePriceUpdated(market, m.referencePricePerSecond, price, utilization);
        // Safe: price stays within the market's uint72 bounds; epochs × epochSeconds ≤ now − start.
        m.referencePricePerSecond = uint72(price);
        m.takesThisEpoch = 0;
        m.epochStartedAt += uint32(epochs * c.epochSeconds);
    }

    // ====================================================================== internal: taking

    /// @dev Opens `members` leases at the take price, one per distinct waiting provider meeting the tier
    ///      and placement, each funded with the whole seconds `depositPerMember` buys; several form a
    ///      cluster. Pulls the deposits from the caller last.
    function _openTaken(
        MarketId market,
        Tier tier,
        uint256 maxPricePerSecond,
        uint256 depositPerMember,
        bytes32 specHash,
        Placement calldata placement,
        uint256 members
    ) internal returns (LeaseId[] memory leases) {
        MarketData storage m = _liveMarket(market);
        Config memory config = _config;
        NewLease memory a = NewLease({
            consumer: msg.sender,
            consumerId: _accountId(msg.sender),
            provider: address(0),
            providerId: 0,
            market: market,
            tier: tier,
            price: _takePrice(market, m, tier, maxPricePerSecond, config),
            seconds_: 0,
            specHash: specHash,
            order: OrderId.wrap(0),
            cluster: members > 1 ? ClusterId.wrap(++config.clusterCount) : ClusterId.wrap(0)
        });
        a.seconds_ = _fundedSeconds(depositPerMember, a.price, config);
        (address[] memory providers, uint32[] memory ids) = _take(market, m, tier, placement, members, config);
        leases = new LeaseId[](members);
        for (uint256 i; i < members; ++i) {
            a.provider = providers[i];
            a.providerId = ids[i];
            leases[i] = _openLease(a, config);
        }
        _config.leaseCount = config.leaseCount;
        if (members > 1) {
            _config.clusterCount = config.clusterCount;
            _clusters[a.cluster] = leases;
            emit ClusterOpened(a.cluster, msg.sender, market, leases);
        }
        IERC20(m.token).safeTransferFrom(msg.sender, address(this), a.price * a.seconds_ * members);
    }

    /// @dev Applies pending price updates and returns the take price at `tier`, checked against `maxPrice`.
    function _takePrice(
        MarketId market,
        MarketData storage m,
        Tier tier,
        uint256 maxPricePerSecond,
        Config memory config
    ) internal returns (uint256 price) {
        if (block.timestamp - m.epochStartedAt >= config.epochSeconds) {
            _poke(market, m);
        }
        price = Bps.mul(m.referencePricePerSecond, _tiers[tier].multiplierBps);
        if (price > maxPricePerSecond) revert PriceAboveMax(price, maxPricePerSecond);
        if (price > type(uint72).max) revert AmountTooLarge(price, type(uint72).max);
    }

    /// @dev Whole seconds `deposit` funds at `price`, at least the minimum lease.
    function _fundedSeconds(uint256 deposit, uint256 price, Config memory config)
        internal
        pure
        returns (uint256 s)
    {
        s = deposit / price;
        if (s < config.minLeaseSeconds) revert DepositTooSmall(deposit, price * config.minLeaseSeconds);
        if (s > MAX_FUNDED_SECONDS) revert AmountTooLarge(deposit, price * MAX_FUNDED_SECONDS);
    }

    /// @dev Takes one slot from each of `count` distinct waiting providers meeting the tier and
    ///      placement, best first, looking at no more than `maxScan` entries beyond the ones taken.
    function _take(
        MarketId market,
        MarketData storage m,
        Tier tier,
        Placement calldata placement,
        uint256 count,
        Config memory config
    ) internal returns (address[] memory taken, uint32[] memory ids) {
        uint256 minReputation = _tiers[tier].minReputation;
        if (placement.minReputation > minReputation) minReputation = placement.minReputation;
        taken = new address[](count);
        ids = new uint32[](count);
        uint256 found;
        uint256 skipped;
        address prev;
        address cur = m.head;
        while (cur != address(0) && found < count) {
            QueueEntry storage e = _queue[cur];
            address next = e.next;
            if (_fits(cur, minReputation, placement)) {
                ids[found] = e.account;
                taken[found++] = cur;
                if (!_takeSlot(market, m, prev, cur, next)) prev = cur;
            } else {
                if (++skipped > config.maxScan) break;
                prev = cur;
            }
            cur = next;
        }
        if (found < count) {
            if (count == 1) revert NoProviderAvailable(market, tier, skipped);
            revert ClusterUnfilled(market, found, count);
        }
        // Safe: each taken provider had a slot counted in idleSlots, and count ≤ maxClusterMembers.
        m.idleSlots -= uint32(count);
        m.takesThisEpoch += uint32(count);
    }

    /// @dev Whether a queued provider can take this work now: still eligible, reputable enough, placed.
    function _fits(address provider, uint256 minReputation, Placement calldata placement)
        internal
        view
        returns (bool)
    {
        (bool eligible, uint32 reputation) = registry.eligibility(provider);
        if (!eligible || reputation < minReputation) return false;
        if (
            placement.region == bytes32(0) && placement.complianceTags == 0 && placement.minBandwidthMbps == 0
        ) {
            return true;
        }
        Hardware memory hw = registry.getHardware(provider);
        return (placement.region == bytes32(0) || hw.region == placement.region)
            && (hw.complianceTags & placement.complianceTags) == placement.complianceTags
            && hw.bandwidthMbps >= placement.minBandwidthMbps;
    }

    /// @dev Takes one of `cur`'s slots; unlinks it when that was its last. Returns whether it left.
    function _takeSlot(MarketId market, MarketData storage m, address prev, address cur, address next)
        internal
        returns (bool removed)
    {
        QueueEntry storage e = _queue[cur];
        if (e.slots > 1) {
            --e.slots;
            return false;
        }
        if (prev == address(0)) m.head = next;
        else _queue[prev].next = next;
        delete _queue[cur];
        emit ProviderDequeued(market, cur);
        return true;
    }

    function _dequeue(address provider, address prevHint) internal {
        QueueEntry storage e = _queue[provider];
        MarketId market = e.market;
        if (MarketId.unwrap(market) == 0) revert ProviderNotQueued(provider);
        MarketData storage m = _markets[market];
        // Epochs that ended while this supply waited must be priced with it, as `joinQueue` does.
        _poke(market, m);
        if (prevHint == address(0)) {
            if (m.head != provider) revert QueueHintInvalid(prevHint);
            m.head = e.next;
        } else {
            QueueEntry storage prev = _queue[prevHint];
            if (prev.next != provider) revert QueueHintInvalid(prevHint);
            prev.next = e.next;
        }
        m.idleSlots -= e.slots;
        delete _queue[provider];
        emit ProviderDequeued(market, provider);
    }

    // ====================================================================== internal: leases

    /// @dev Stores a new lease and emits `LeaseOpened`. The spec hash is only emitted: the chain keeps
    ///      the event, storage keeps the money.
    function _openLease(NewLease memory a, Config memory config) internal returns (LeaseId lease) {
        lease = LeaseId.wrap(++config.leaseCount);
        // Safe casts: price ≤ uint72 max (checked by the caller), seconds ≤ MAX_FUNDED_SECONDS.
        _leases[lease] = PackedLease({
            consumer: a.consumerId,
            provider: a.providerId,
            market: a.market,
            tier: a.tier,
            state: LeaseState.Active,
            closeReason: CloseReason.None,
            feeBps: config.feeBps,
            pricePerSecond: uint72(a.price),
            paidUntil: uint32(block.timestamp),
            fundedUntil: uint32(block.timestamp + a.seconds_)
        });
        emit LeaseOpened(
            lease,
            a.consumer,
            a.provider,
            a.market,
            a.tier,
            a.price,
            a.price * a.seconds_,
            a.specHash,
            a.order,
            a.cluster
        );
    }

    function _activeLease(LeaseId lease) internal view returns (PackedLease storage stored) {
        stored = _leases[lease];
        if (stored.state != LeaseState.Active) {
            if (stored.state == LeaseState.None) revert LeaseNotFound(lease);
            revert LeaseNotActive(lease, stored.state);
        }
    }

    /// @dev Moves what has accrued out of the lease: returns the provider's share and the fee.
    function _settle(LeaseId lease, PackedLease storage stored, address provider)
        internal
        returns (uint256 amount, uint256 fee)
    {
        uint256 end = _min(block.timestamp, stored.fundedUntil);
        uint256 paidUntil = stored.paidUntil;
        if (end <= paidUntil) return (0, 0);
        uint256 gross = (end - paidUntil) * stored.pricePerSecond;
        // Safe: end ≤ fundedUntil, a uint32.
        stored.paidUntil = uint32(end);
        fee = Bps.mul(gross, stored.feeBps);
        amount = gross - fee;
        emit LeaseWithdrawn(lease, provider, amount, fee);
    }

    function _close(
        LeaseId lease,
        PackedLease storage stored,
        address consumer,
        CloseReason reason,
        bytes32 resultHash
    ) internal returns (uint256 refund) {
        uint256 fundedUntil = stored.fundedUntil;
        uint256 end = _min(block.timestamp, fundedUntil);
        refund = (fundedUntil - end) * stored.pricePerSecond;
        // Safe: end ≤ fundedUntil, a uint32.
        stored.fundedUntil = uint32(end);
        stored.state = LeaseState.Closed;
        stored.closeReason = reason;
        emit LeaseClosed(lease, msg.sender, reason, end, refund, resultHash);
        if (refund > 0) IERC20(_markets[stored.market].token).safeTransfer(consumer, refund);
    }

    function _escrowed(PackedLease storage stored) internal view returns (uint256) {
        return (uint256(stored.fundedUntil) - stored.paidUntil) * stored.pricePerSecond;
    }

    /// @dev The account id of `account`, assigned on first use.
    function _accountId(address account) internal returns (uint32 id) {
        id = _accountIds[account];
        if (id != 0) return id;
        // Safe: four billion accounts before this wraps; the check below stops it there.
        if (_accountCount == type(uint32).max) {
            revert ParameterOutOfRange("accountCount", _accountCount, 0, type(uint32).max - 1);
        }
        id = ++_accountCount;
        _accountIds[account] = id;
        _accounts[id] = account;
        emit AccountRegistered(account, id);
    }

    function _setTier(Tier tier, TierParams memory params) internal {
        if (params.multiplierBps < Bps.ONE || params.multiplierBps > 100 * Bps.ONE) {
            revert TierParamsInvalid(tier, params.multiplierBps);
        }
        _tiers[tier] = params;
        emit TierParamsChanged(tier, params);
    }

    function _min(uint256 a, uint256 b) internal pure returns (uint256) {
        return a < b ? a : b;
    }
}
