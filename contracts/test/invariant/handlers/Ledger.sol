// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IAuctions} from "../../../src/interfaces/IAuctions.sol";
import {IMarketplace} from "../../../src/interfaces/IMarketplace.sol";
import {Hardware} from "../../../src/types/Hardware.sol";
import {LeaseId, MarketId, OrderId} from "../../../src/types/Ids.sol";
import {LeaseState} from "../../../src/types/Lease.sol";
import {OrderState} from "../../../src/types/Order.sol";

/// @notice What the invariant handlers share: the actors, every lease and order they opened, and ghost
///         totals. Every amount here is measured from token balances around a call, never read back from
///         the contract that moved it, so the invariants compare the contracts' books with what happened.
/// @dev Not a fuzz target: only the handlers write to it.
contract Ledger {
    /// @dev A lease as the handlers saw money move for it.
    struct LeaseGhost {
        address token;
        address consumer;
        address provider;
        /// Everything paid in: the opening deposit and every top-up.
        uint256 deposited;
        /// What the provider received.
        uint256 paid;
        /// What the protocol took as fees.
        uint256 fees;
        /// What went back to the consumer.
        uint256 refunded;
        LeaseState lastSeen;
    }

    /// @dev An order as the handlers saw it.
    struct OrderGhost {
        address token;
        address consumer;
        /// What the order holds: its deposit while open, zero once accepted or cancelled.
        uint256 deposit;
        OrderState lastSeen;
    }

    IMarketplace public immutable marketplace;
    IAuctions public immutable auctions;

    /// @notice The clock every handler call starts at: time moves only in `TimeHandler.warp`, whatever
    ///         forge does with the block between calls.
    uint256 public time;

    address[] internal _consumers;
    address[] internal _providers;
    mapping(address provider => uint256) public keyOf;
    mapping(address provider => Hardware) internal _hardware;
    MarketId[] internal _markets;
    mapping(MarketId market => address) public tokenOf;
    address[] internal _tokens;

    mapping(uint256 lease => LeaseGhost) internal _leases;
    uint256 public leaseCount;
    mapping(uint256 order => OrderGhost) internal _orders;
    uint256 public orderCount;

    uint256 public initialHeatSupply;
    uint256 public heatBurned;
    mapping(address provider => uint256) public staked;
    mapping(address provider => uint256) public unbondWithdrawn;
    mapping(address provider => uint256) public slashed;
    uint256 public totalStaked;
    uint256 public totalSlashed;

    /// @notice Times a handler saw a lease or order in an earlier state than before, or one its lifecycle
    ///         cannot reach from there.
    uint256 public regressions;
    /// @notice Leases that opened in a market paused at the time.
    uint256 public leasesOpenedWhilePaused;
    /// @notice Slashes beyond the slashable stake that the registry accepted.
    uint256 public overSlashesAccepted;
    /// @notice Times a contract's report (events, return values) disagreed with the balances.
    uint256 public mismatches;
    /// @notice What the last mismatch was about.
    bytes32 public lastMismatch;

    bytes32[] internal _actions;
    mapping(bytes32 action => uint256) public calls;
    mapping(bytes32 action => uint256) public skips;

    constructor(IMarketplace marketplace_, IAuctions auctions_) {
        marketplace = marketplace_;
        auctions = auctions_;
        time = block.timestamp;
    }

    // ------------------------------------------------------------------ set-up

    function addConsumer(address consumer) external {
        _consumers.push(consumer);
    }

    function addProvider(address provider, uint256 key, Hardware calldata hardware) external {
        _providers.push(provider);
        keyOf[provider] = key;
        _hardware[provider] = hardware;
    }

    function addMarket(MarketId market, address token) external {
        _markets.push(market);
        tokenOf[market] = token;
        for (uint256 i; i < _tokens.length; ++i) {
            if (_tokens[i] == token) return;
        }
        _tokens.push(token);
    }

    function setInitialHeatSupply(uint256 supply) external {
        initialHeatSupply = supply;
    }

    // ------------------------------------------------------------------ actors and markets

    function consumers() external view returns (address[] memory) {
        return _consumers;
    }

    function providers() external view returns (address[] memory) {
        return _providers;
    }

    function markets() external view returns (MarketId[] memory) {
        return _markets;
    }

    function tokens() external view returns (address[] memory) {
        return _tokens;
    }

    function pickConsumer(uint256 seed) external view returns (address) {
        return _consumers[seed % _consumers.length];
    }

    function pickProvider(uint256 seed) external view returns (address) {
        return _providers[seed % _providers.length];
    }

    function pickMarket(uint256 seed) external view returns (MarketId) {
        return _markets[seed % _markets.length];
    }

    function hardwareOf(address provider) external view returns (Hardware memory) {
        return _hardware[provider];
    }

    // ------------------------------------------------------------------ time

    function advance(uint256 seconds_) external {
        time += seconds_;
    }

    // ------------------------------------------------------------------ leases

    function getLease(uint256 lease) external view returns (LeaseGhost memory) {
        return _leases[lease];
    }

    function lastSeenLease(uint256 lease) external view returns (LeaseState) {
        return _leases[lease].lastSeen;
    }

    /// @notice Records a lease the marketplace just opened; ids must come in order, none missed.
    function openLease(LeaseId lease, address token, address consumer, address provider, uint256 deposit)
        external
    {
        uint256 id = LeaseId.unwrap(lease);
        if (id != leaseCount + 1) _mismatch("lease id out of order");
        leaseCount = id;
        _leases[id] = LeaseGhost({
            token: token,
            consumer: consumer,
            provider: provider,
            deposited: deposit,
            paid: 0,
            fees: 0,
            refunded: 0,
            lastSeen: LeaseState.None
        });
        seeLease(lease);
    }

    function topUp(LeaseId lease, uint256 amount) external {
        _leases[LeaseId.unwrap(lease)].deposited += amount;
        seeLease(lease);
    }

    function pay(LeaseId lease, uint256 amount, uint256 fee) external {
        LeaseGhost storage l = _leases[LeaseId.unwrap(lease)];
        l.paid += amount;
        l.fees += fee;
        seeLease(lease);
    }

    function refund(LeaseId lease, uint256 amount) external {
        _leases[LeaseId.unwrap(lease)].refunded += amount;
        seeLease(lease);
    }

    // ------------------------------------------------------------------ orders

    function getOrder(uint256 order) external view returns (OrderGhost memory) {
        return _orders[order];
    }

    function lastSeenOrder(uint256 order) external view returns (OrderState) {
        return _orders[order].lastSeen;
    }

    function openOrder(OrderId order, address token, address consumer, uint256 deposit) external {
        uint256 id = OrderId.unwrap(order);
        if (id != orderCount + 1) _mismatch("order id out of order");
        orderCount = id;
        _orders[id] =
            OrderGhost({token: token, consumer: consumer, deposit: deposit, lastSeen: OrderState.None});
        seeOrder(order);
    }

    /// @notice The order left escrow: all of its deposit went to a lease and back to the consumer.
    function closeOrder(OrderId order) external {
        _orders[OrderId.unwrap(order)].deposit = 0;
        seeOrder(order);
    }

    // ------------------------------------------------------------------ stake and supply

    function stake(address provider, uint256 amount) external {
        staked[provider] += amount;
        totalStaked += amount;
    }

    function withdrawUnbonded(address provider, uint256 amount) external {
        unbondWithdrawn[provider] += amount;
    }

    function slash(address provider, uint256 amount) external {
        slashed[provider] += amount;
        totalSlashed += amount;
    }

    function leaseOpenedWhilePaused() external {
        ++leasesOpenedWhilePaused;
    }

    function overSlashAccepted() external {
        ++overSlashesAccepted;
    }

    function burn(uint256 amount) external {
        heatBurned += amount;
    }

    // ------------------------------------------------------------------ checks and counts

    /// @notice Notes that a contract's report disagreed with the balances.
    function mismatch(bytes32 what) external {
        _mismatch(what);
    }

    /// @notice Records the state `lease` is in now; a step back, or a jump the lifecycle does not allow,
    ///         counts as a regression.
    function seeLease(LeaseId lease) public {
        LeaseGhost storage g = _leases[LeaseId.unwrap(lease)];
        LeaseState state = marketplace.getLease(lease).state;
        if (!leaseMovedForward(g.lastSeen, state)) ++regressions;
        g.lastSeen = state;
    }

    /// @notice Records the state `order` is in now, as `seeLease` does for leases.
    function seeOrder(OrderId order) public {
        OrderGhost storage g = _orders[OrderId.unwrap(order)];
        OrderState state = auctions.getOrder(order).state;
        if (!orderMovedForward(g.lastSeen, state)) ++regressions;
        g.lastSeen = state;
    }

    /// @notice Whether a lease may be in `state` after having been seen in `last`: None → Active → Closed.
    function leaseMovedForward(LeaseState last, LeaseState state) public pure returns (bool) {
        return state == last || (last == LeaseState.None && state == LeaseState.Active)
            || (last == LeaseState.Active && state == LeaseState.Closed);
    }

    /// @notice Whether an order may be in `state` after `last`: None → Open → Accepted | Cancelled.
    function orderMovedForward(OrderState last, OrderState state) public pure returns (bool) {
        return state == last || (last == OrderState.None && state == OrderState.Open)
            || (last == OrderState.Open && (state == OrderState.Accepted || state == OrderState.Cancelled));
    }

    function count(bytes32 action) external {
        _touch(action);
        ++calls[action];
    }

    function skip(bytes32 action) external {
        _touch(action);
        ++skips[action];
    }

    function actions() external view returns (bytes32[] memory) {
        return _actions;
    }

    function _touch(bytes32 action) internal {
        if (calls[action] == 0 && skips[action] == 0) _actions.push(action);
    }

    function _mismatch(bytes32 what) internal {
        ++mismatches;
        lastMismatch = what;
    }
}
